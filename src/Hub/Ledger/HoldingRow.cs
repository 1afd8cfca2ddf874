using System.Data.Common;
using EarTagTrace.Mappings.Canonical;
using Npgsql;
using NpgsqlTypes;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Ledger;

/// <summary>A tag_holding row as the ledger moves it around (ranges inclusive).</summary>
public sealed record HoldingRow(
    long Id, TagRange Range, HolderType HolderType, string HolderCode, string CountyCode, Species Species,
    string? Box, string? Pack, long RegistrationId)
{
    public const string Columns = "h.id, lower(h.tag_range), upper(h.tag_range) - 1, h.holder_type, h.holder_code, h.county_code, h.species, h.box, h.pack, h.registration_id";

    public static HoldingRow Read(DbDataReader r) => Read(r, 0);

    /// <summary>Reads <see cref="Columns"/> starting at column <paramref name="at"/> of a wider row.</summary>
    public static HoldingRow Read(DbDataReader r, int at) => new(
        r.GetInt64(at), new TagRange(r.GetInt64(at + 1), r.GetInt64(at + 2)), Enum.Parse<HolderType>(r.GetString(at + 3)),
        r.GetString(at + 4), r.GetString(at + 5), Enum.Parse<Species>(r.GetString(at + 6)),
        r.IsDBNull(at + 7) ? null : r.GetString(at + 7), r.IsDBNull(at + 8) ? null : r.GetString(at + 8), r.GetInt64(at + 9));

    public static NpgsqlRange<long> ToPg(TagRange range) => new(range.First, true, range.Last, true);
}

/// <summary>Rows to insert into tag_holding in one statement.</summary>
public sealed class HoldingInserts
{
    private readonly List<TagRange> _ranges = [];
    private readonly List<string> _types = [], _holders = [], _counties = [], _species = [];
    private readonly List<string?> _boxes = [], _packs = [];
    private readonly List<long> _registrations = [];

    public int Count => _ranges.Count;

    public void Add(TagRange range, HolderType type, string holder, HoldingRow from) =>
        Add(range, type, holder, from.CountyCode, from.Species, from.Box, from.Pack, from.RegistrationId);

    public void Add(TagRange range, HolderType type, string holder, string county, Species species, string? box, string? pack, long registrationId)
    {
        _ranges.Add(range);
        _types.Add(type.ToString());
        _holders.Add(holder);
        _counties.Add(county);
        _species.Add(species.ToString());
        _boxes.Add(box);
        _packs.Add(pack);
        _registrations.Add(registrationId);
    }

    public async Task ExecuteAsync(Persistence.HubDbContext db, DateTimeOffset since, long journalId, CancellationToken ct)
    {
        if (Count == 0) return;
        var (sql, parameters) = Statement(since, journalId);
        await MessageSql.ExecuteAsync(db, sql, ct, parameters);
    }

    /// <summary>The insert as one statement, for a batch that travels with other statements of the message.</summary>
    public (string Sql, NpgsqlParameter[] Parameters) Statement(DateTimeOffset since, long journalId) => ("""
        insert into tag_holding (tag_range, holder_type, holder_code, county_code, species, box, pack, registration_id, since, journal_id)
        select r, t, h, c, s, b, p, g, @since, @journal
        from unnest(@r, @t, @h, @c, @s, @b, @p, @g) as u(r, t, h, c, s, b, p, g)
        """,
        [
            LedgerSql.Ranges("r", _ranges), MessageSql.P("t", _types.ToArray()), MessageSql.P("h", _holders.ToArray()),
            MessageSql.P("c", _counties.ToArray()), MessageSql.P("s", _species.ToArray()), MessageSql.P("b", _boxes.ToArray()),
            MessageSql.P("p", _packs.ToArray()), MessageSql.P("g", _registrations.ToArray()),
            MessageSql.P("since", since), MessageSql.P("journal", journalId),
        ]);
}
