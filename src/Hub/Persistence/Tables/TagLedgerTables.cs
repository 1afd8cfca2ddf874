using System.Data.Common;
using EarTagTrace.Mappings.Canonical;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// The owner of the tag ledger: every statement that names a tag_* table (tag_registration, tag_holding, tag_issuance,
/// tag_issuance_range, tag_event, tag_cancellation) is here. Tags are ranges (int8range, int8multirange), never one
/// row per tag; the exclusion constraints on tag_holding and tag_event are the race guards, and a conflict they raise
/// makes the pipeline apply the message again on the new state.
/// </summary>
public static partial class TagLedgerTables
{
    // ---- parameters ----

    public static NpgsqlRange<long> ToPg(TagRange range) => new(range.First, true, range.Last, true);

    /// <summary>An int8multirange parameter: a message's tags as one value, for range operators that use the GiST indexes.</summary>
    public static NpgsqlParameter Multirange(string name, IEnumerable<TagRange> ranges) =>
        new(name, NpgsqlDbType.Multirange | NpgsqlDbType.Bigint) { Value = TagRange.Merge(ranges).Select(ToPg).ToArray() };

    /// <summary>An int8range[] parameter (Npgsql would send an array of ranges as a multirange).</summary>
    public static NpgsqlParameter Ranges(string name, IEnumerable<TagRange> ranges) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Range | NpgsqlDbType.Bigint) { Value = ranges.Select(ToPg).ToArray() };

    private static NpgsqlParameter P<T>(string name, T value) => new NpgsqlParameter<T>(name, value);

    // ---- where tags stand ----

    /// <summary>
    /// Every ledger row overlapping the tags of @m, one result row per (source, range): 0 holding (holder type, code),
    /// 1 first issuance (receiver), 2 registration by a township (registrar), 3 declared, 4 used, 5 cancelled (ref id).
    /// One probe per range of the message's tags, not per tag; the caller places the tags in the ranges.
    /// </summary>
    public const string StandingSql = """
        select 0, lower(h.tag_range), upper(h.tag_range) - 1, h.holder_type, h.holder_code
          from tag_holding h where h.tag_range && @m
        union all
        select 1, lower(x.tag_range), upper(x.tag_range) - 1, i.receiver_code, null
          from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id where x.tag_range && @m and i.kind = 'First'
        union all
        select 2, lower(g.tag_range), upper(g.tag_range) - 1, g.registrar_code, null
          from tag_registration g where g.tag_range && @m and g.registrar_type = 'Township'
        union all
        select 3, lower(r), upper(r) - 1, e.ref_id, null
          from tag_event e, unnest(e.tags) as r where e.kind = 'Declared' and e.tags && @m and r && @m
        union all
        select 4, lower(r), upper(r) - 1, e.ref_id, null
          from tag_event e, unnest(e.tags) as r where e.kind = 'Used' and e.tags && @m and r && @m
        union all
        select 5, lower(r), upper(r) - 1, e.ref_id, null
          from tag_event e, unnest(e.tags) as r where e.kind = 'Cancelled' and e.tags && @m and r && @m
        """;

    /// <summary>One row of <see cref="StandingSql"/>.</summary>
    public readonly record struct StandingRow(int Source, TagRange Range, string A, string? B);

    public static (string Sql, NpgsqlParameter[] Parameters) Standing(IEnumerable<TagRange> tags) => (StandingSql, [Multirange("m", tags)]);

    /// <summary>Only the used and cancelled rows of <see cref="StandingSql"/> (sources 4 and 5): what a certificate asks.</summary>
    public const string UsedOrCancelledSql = """
        select 4, lower(r), upper(r) - 1, e.ref_id, null
          from tag_event e, unnest(e.tags) as r where e.kind = 'Used' and e.tags && @m and r && @m
        union all
        select 5, lower(r), upper(r) - 1, e.ref_id, null
          from tag_event e, unnest(e.tags) as r where e.kind = 'Cancelled' and e.tags && @m and r && @m
        """;

    public static (string Sql, NpgsqlParameter[] Parameters) UsedOrCancelled(IEnumerable<TagRange> tags) => (UsedOrCancelledSql, [Multirange("m", tags)]);

    public static async Task<List<StandingRow>> ReadStandingAsync(DbDataReader r, CancellationToken ct)
    {
        var rows = new List<StandingRow>();
        while (await r.ReadAsync(ct))
            rows.Add(new StandingRow(r.GetInt32(0), new TagRange(r.GetInt64(1), r.GetInt64(2)), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
        return rows;
    }

    /// <summary>The ranges declaration <paramref name="declarationId"/> reserved, in tag order: two arrays, first and last tags.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) DeclaredRanges(string declarationId) => (DeclaredRangesSql, [P("declaration", declarationId)]);

    private const string DeclaredRangesSql = """
        select array(select lower(r) from tag_event e, unnest(e.tags) as r where e.kind = 'Declared' and e.ref_id = @declaration order by 1),
               array(select upper(r) - 1 from tag_event e, unnest(e.tags) as r where e.kind = 'Declared' and e.ref_id = @declaration order by 1)
        """;

    // ---- events: declared, used, cancelled ----

    /// <summary>One tag_event row: what became of <paramref name="tags"/> (kind Declared or Used) by message <paramref name="refId"/>.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) InsertEvent(string kind, IEnumerable<TagRange> tags, string refId,
        HolderType holderType, string holderCode, DateTimeOffset at, long journalId) => ("""
        insert into tag_event (tags, kind, ref_id, holder_type, holder_code, at, journal_id)
        values (@m, @kind, @ref, @holder_type, @holder, @at, @journal)
        """,
        [
            Multirange("m", tags), P("kind", kind), P("ref", refId), P("holder_type", holderType.ToString()), P("holder", holderCode),
            P("at", at.ToUniversalTime()), P("journal", journalId),
        ]);

    /// <summary>Cancelled tags as one tag_event row per holder they were cut from (tags, holder types and codes in parallel).</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) InsertCancelledEvents(long[] tags, string[] holderTypes, string[] holderCodes,
        string cancellationId, DateTimeOffset at, long journalId) => ("""
        insert into tag_event (tags, kind, ref_id, holder_type, holder_code, at, journal_id)
        select range_agg(int8range(t, t, '[]')), 'Cancelled', @id, ht, hc, @at, @journal
        from unnest(@t, @ht, @hc) as u(t, ht, hc) group by ht, hc
        """,
        [P("t", tags), P("ht", holderTypes), P("hc", holderCodes), P("id", cancellationId), P("at", at.ToUniversalTime()), P("journal", journalId)]);

    // ---- holdings ----

    /// <summary>The columns of <see cref="HoldingRow"/>, from tag_holding as h.</summary>
    public const string HoldingColumns =
        "h.id, lower(h.tag_range), upper(h.tag_range) - 1, h.holder_type, h.holder_code, h.county_code, h.species, h.box, h.pack, h.registration_id";

    /// <summary>
    /// Every holding overlapping @m, whoever holds it, locked: the rows a message splits or cuts. With the holder in
    /// the SQL, a prepared statement's generic plan read all of a county's holdings through the holder index (30 ms
    /// instead of 2 ms), so the caller filters by holder.
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) OverlappingHoldingsForUpdate(IEnumerable<TagRange> ranges) =>
        ($"select {HoldingColumns} from tag_holding h where h.tag_range && @m for update", [Multirange("m", ranges)]);

    /// <summary>
    /// For each tag of @t: the holding that holds it (<see cref="HoldingColumns"/>), the unit that registered it and the
    /// cancellation that already took it, each null when there is none.
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) TagsWithHoldings(long[] tags) => ($"""
        select u.t, {HoldingColumns}, g.registrar_code, c.ref_id
        from unnest(@t) as u(t)
        left join tag_holding h on h.tag_range @> u.t
        left join tag_registration g on g.id = h.registration_id
        left join tag_event c on c.kind = 'Cancelled' and c.tags @> u.t
        """, [P("t", tags)]);

    /// <summary>Locks the holdings overlapping the tags (which a cancellation cuts); answers no rows worth reading.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) LockHoldings(IEnumerable<TagRange> tags) =>
        ("select h.id from tag_holding h where h.tag_range && @m for update", [Multirange("m", tags)]);

    public static (string Sql, NpgsqlParameter[] Parameters) DeleteHoldings(long[] ids) =>
        ("delete from tag_holding where id = any(@ids)", [P("ids", ids)]);

    /// <summary>The insert of <paramref name="rows"/> as one statement.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) InsertHoldings(IReadOnlyCollection<NewHolding> rows, DateTimeOffset since, long journalId) => ("""
        insert into tag_holding (tag_range, holder_type, holder_code, county_code, species, box, pack, registration_id, since, journal_id)
        select r, t, h, c, s, b, p, g, @since, @journal
        from unnest(@r, @t, @h, @c, @s, @b, @p, @g) as u(r, t, h, c, s, b, p, g)
        """,
        [
            Ranges("r", rows.Select(x => x.Range)), P("t", rows.Select(x => x.HolderType.ToString()).ToArray()),
            P("h", rows.Select(x => x.HolderCode).ToArray()), P("c", rows.Select(x => x.CountyCode).ToArray()),
            P("s", rows.Select(x => x.Species.ToString()).ToArray()), P("b", rows.Select(x => x.Box).ToArray()),
            P("p", rows.Select(x => x.Pack).ToArray()), P("g", rows.Select(x => x.RegistrationId).ToArray()),
            P("since", since.ToUniversalTime()), P("journal", journalId),
        ]);

    // ---- issuances 一次/二次发放 ----

    /// <summary>The first sending of issuance @id: its content hash and journal id.</summary>
    public const string IssuanceFirstAppliedSql = "select content_hash, journal_id from tag_issuance where id = @id";

    public static (string Sql, NpgsqlParameter[] Parameters) InsertIssuance(string id, IssuanceKind kind, string issuer, HolderType issuerType,
        string receiver, HolderType receiverType, long count, DateTimeOffset at, string hash, long journalId, IReadOnlyList<TagRange> ranges) => ("""
        with i as (
          insert into tag_issuance (id, kind, issuer_code, issuer_type, receiver_code, receiver_type, count, issued_at, content_hash, journal_id)
          values (@id, @kind, @issuer, @issuer_type, @receiver, @receiver_type, @count, @at, @hash, @journal)
          returning id)
        insert into tag_issuance_range (issuance_id, first, tag_range) select i.id, lower(r), r from i, unnest(@r) as u(r)
        """,
        [
            P("id", id), P("kind", kind.ToString()), P("issuer", issuer), P("issuer_type", issuerType.ToString()), P("receiver", receiver),
            P("receiver_type", receiverType.ToString()), P("count", count), P("at", at.ToUniversalTime()), P("hash", hash), P("journal", journalId),
            Ranges("r", ranges),
        ]);

    // ---- cancellations 注销 ----

    /// <summary>The first sending of cancellation @id: its content hash and journal id.</summary>
    public const string CancellationFirstAppliedSql = "select content_hash, journal_id from tag_cancellation where id = @id";

    public static (string Sql, NpgsqlParameter[] Parameters) InsertCancellation(string id, CancellationReason reason, int count,
        DateTimeOffset at, string hash, long journalId) => ("""
        insert into tag_cancellation (id, reason, count, cancelled_at, content_hash, journal_id)
        values (@id, @reason, @count, @at, @hash, @journal)
        """,
        [P("id", id), P("reason", reason.ToString()), P("count", count), P("at", at.ToUniversalTime()), P("hash", hash), P("journal", journalId)]);

    // ---- stock registration 库存耳标登记 ----

    /// <summary>Reserves <paramref name="count"/> registration ids ahead, so holdings can name them before they exist.</summary>
    public static async Task<long[]> NextRegistrationIdsAsync(HubDbContext db, int count, CancellationToken ct)
    {
        var ids = await MessageSql.QueryAsync(db, "select nextval(pg_get_serial_sequence('tag_registration', 'id')) from generate_series(1, @n)",
            r => r.GetInt64(0), ct, new NpgsqlParameter("n", count));
        return [.. ids];
    }

    /// <summary>Registrations overlapping any range of @r: registrar, box, pack, first and last tag.</summary>
    public const string RegistrationsOverlappingSql = """
        select distinct g.registrar_code, g.box, g.pack, lower(g.tag_range), upper(g.tag_range) - 1
        from unnest(@r) as u(r)
        join tag_registration g on g.tag_range && u.r
        """;

    public const string CopyRegistrations = """
        copy tag_registration (id, tag_range, count, registrar_code, registrar_type, county_code, species, box, pack, registered_at, source, journal_id)
        from stdin (format binary)
        """;

    public const string CopyHoldings = """
        copy tag_holding (tag_range, holder_type, holder_code, county_code, species, box, pack, registration_id, since, journal_id)
        from stdin (format binary)
        """;

    // ---- the staff API's reads ----

    public const string TraceRegistrationSql = """
        select id, registrar_code, registrar_type, box, pack, registered_at, journal_id, source, lower(tag_range), upper(tag_range) - 1
        from tag_registration where tag_range @> @t
        """;

    public const string TraceIssuancesSql = """
        select i.id, i.kind, i.issuer_code, i.receiver_code, i.receiver_type, i.issued_at, i.journal_id
        from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id
        where x.tag_range @> @t order by i.issued_at, i.kind
        """;

    /// <summary>The tag's declared, used and cancelled rows, each kind through its own exclusion constraint's index.</summary>
    public const string TraceEventsSql = """
        select e.kind, e.ref_id, e.at, e.journal_id, e.holder_code,
               d.destination_code, d.destination_address, d.purpose,
               c.type, c.destination_code, c.destination_address, c.plate, c.vet, c.valid_days,
               x.reason
        from (select * from tag_event where kind = 'Declared' and tags @> @t
              union all select * from tag_event where kind = 'Used' and tags @> @t
              union all select * from tag_event where kind = 'Cancelled' and tags @> @t) e
        left join declaration d on e.kind = 'Declared' and d.id = e.ref_id
        left join certificate c on e.kind = 'Used' and c.number = e.ref_id
        left join tag_cancellation x on e.kind = 'Cancelled' and x.id = e.ref_id
        order by e.at, e.id
        """;

    public const string TraceHolderSql = "select holder_type, holder_code, since from tag_holding where tag_range @> @t";

    /// <summary>Per unit of @codes: registered, received, held, issued onward and cancelled tag counts (the 耳标台账).</summary>
    public const string UnitLedgerSql = """
        with units as (select unnest(@codes) as code)
        select u.code,
          coalesce((select sum(count) from tag_registration where registrar_code = u.code), 0),
          coalesce((select sum(count) from tag_issuance where receiver_code = u.code and receiver_type in ('County', 'Township')), 0),
          coalesce((select sum(upper(tag_range) - lower(tag_range)) from tag_holding where holder_code = u.code and holder_type in ('County', 'Township')), 0),
          coalesce((select sum(count) from tag_issuance where issuer_code = u.code), 0),
          coalesce((select sum(upper(r) - lower(r)) from tag_event e, unnest(e.tags) as r where e.holder_code = u.code and e.kind = 'Cancelled' and e.holder_type in ('County', 'Township')), 0)
        from units u
        """;

    public const string HeldRangesSql = "select lower(tag_range), upper(tag_range) - 1 from tag_holding where holder_code = @h order by lower(tag_range)";

    /// <summary>The region of holder @h: a farm's region, or the county its held tags belong to (a worker 防疫员).</summary>
    public const string HolderRegionSql = """
        select coalesce((select region_code from farm where code = @h),
                        (select substr(lower(tag_range)::text, 2, 6) from tag_holding where holder_code = @h limit 1))
        """;
}

/// <summary>A tag_holding row as the ledger moves it around (ranges inclusive).</summary>
public sealed record HoldingRow(
    long Id, TagRange Range, HolderType HolderType, string HolderCode, string CountyCode, Species Species,
    string? Box, string? Pack, long RegistrationId)
{
    /// <summary>Reads <see cref="TagLedgerTables.HoldingColumns"/> starting at column <paramref name="at"/> of a wider row.</summary>
    public static HoldingRow Read(DbDataReader r, int at = 0) => new(
        r.GetInt64(at), new TagRange(r.GetInt64(at + 1), r.GetInt64(at + 2)), Enum.Parse<HolderType>(r.GetString(at + 3)),
        r.GetString(at + 4), r.GetString(at + 5), Enum.Parse<Species>(r.GetString(at + 6)),
        r.IsDBNull(at + 7) ? null : r.GetString(at + 7), r.IsDBNull(at + 8) ? null : r.GetString(at + 8), r.GetInt64(at + 9));
}

/// <summary>A holding to insert: a piece of <paramref name="RegistrationId"/>'s tags given to a holder.</summary>
public sealed record NewHolding(TagRange Range, HolderType HolderType, string HolderCode, string CountyCode, Species Species,
    string? Box, string? Pack, long RegistrationId)
{
    /// <summary>A piece of <paramref name="from"/> (the rest it keeps, or the part it gives) for <paramref name="holderCode"/>.</summary>
    public static NewHolding Of(TagRange range, HolderType holderType, string holderCode, HoldingRow from) =>
        new(range, holderType, holderCode, from.CountyCode, from.Species, from.Box, from.Pack, from.RegistrationId);
}

/// <summary>
/// Where one tag of a declaration or certificate stands: who holds it, which township's stock it entered (first-issued
/// to it, or, never first-issued, registered by the township itself), and what became of it individually. Built from
/// the ledger rows overlapping a message's tags (<see cref="TagLedgerTables.StandingSql"/>, one probe per range).
/// </summary>
public sealed record TagStanding(
    long Tag, HolderType? HolderType, string? HolderCode, string? Township, string? DeclaredIn, string? UsedIn, string? CancelledIn)
{
    /// <summary>The tags as ranges, consecutive tags merged: a message's tags become this many rows, not one per tag.</summary>
    public static List<TagRange> RangesOf(IEnumerable<long> tags) => TagRange.Merge(tags.Select(t => new TagRange(t, t)));

    /// <summary>Places <paramref name="tags"/> in the ledger rows that overlap them (pure: no I/O).</summary>
    public static Dictionary<long, TagStanding> Place(IEnumerable<long> tags, IReadOnlyList<TagLedgerTables.StandingRow> rows)
    {
        var sorted = tags.Distinct().Order().ToArray();
        var holderType = new HolderType?[sorted.Length];
        var holderCode = new string?[sorted.Length];
        var firstIssued = new string?[sorted.Length];
        var townshipRegistered = new string?[sorted.Length];
        var declared = new string?[sorted.Length];
        var used = new string?[sorted.Length];
        var cancelled = new string?[sorted.Length];
        foreach (var (source, range, a, b) in rows)
        {
            var i = Array.BinarySearch(sorted, range.First);
            if (i < 0) i = ~i;
            for (; i < sorted.Length && sorted[i] <= range.Last; i++)
            {
                switch (source)
                {
                    case 0: holderType[i] = Enum.Parse<HolderType>(a); holderCode[i] = b; break;
                    case 1: firstIssued[i] ??= a; break;
                    case 2: townshipRegistered[i] ??= a; break;
                    case 3: declared[i] = a; break;
                    case 4: used[i] = a; break;
                    default: cancelled[i] = a; break;
                }
            }
        }
        var standing = new Dictionary<long, TagStanding>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
            standing[sorted[i]] = new TagStanding(sorted[i], holderType[i], holderCode[i], firstIssued[i] ?? townshipRegistered[i],
                declared[i], used[i], cancelled[i]);
        return standing;
    }
}
