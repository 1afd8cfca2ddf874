using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// The owner of the journal (报文日志) and its links: every statement that names journal or journal_link is here, and
/// its insert is the one writer of entries, accepted, refused and failed alike (one statement with the entry's links,
/// no EF unit of work: it runs for every message). EF still reads entries for the staff API's lists.
/// </summary>
public static partial class JournalTable
{
    /// <summary>
    /// SQL that reserves an entry's id ahead of its insert, so the rows a message writes can carry it. The journal's
    /// identity sequence is journal_id_seq (the partitioning keeps that name).
    /// </summary>
    public const string NextIdSql = "select nextval('journal_id_seq')";

    private const string Columns = """
        received_at, source, type, partner_id, status, reasons, summary, raw_body, processing_ms, replay_of, replayed_by,
        unauthenticated, body_truncated, keys, tag_ranges
        """;

    private const string Values = """
        @received_at, @source, @type, @partner_id, @status, @reasons, @summary, @raw_body, @processing_ms, @replay_of, @replayed_by,
        @unauthenticated, @body_truncated, @keys, @tag_ranges
        """;

    private const string Links = """
        l as (insert into journal_link (journal_id, entity_type, entity_key)
              select distinct j.id, u.t, u.k from j, unnest(@link_types, @link_keys) as u(t, k))
        select id from j
        """;

    private const string UnderReservedId = $"with j as (insert into journal (id, {Columns}) values (@id, {Values}) returning id),\n{Links}";
    private const string UnderNewId = $"with j as (insert into journal ({Columns}) values ({Values}) returning id),\n{Links}";

    /// <summary>
    /// The insert of <paramref name="journal"/> and its links as one statement (under its reserved id when it has
    /// one); the statement answers the entry's id.
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) Insert(JournalEntry journal)
    {
        var p = new List<NpgsqlParameter>
        {
            new NpgsqlParameter<DateTimeOffset>("received_at", journal.ReceivedAt.ToUniversalTime()),
            new NpgsqlParameter<string>("source", journal.Source),
            new NpgsqlParameter<string>("type", journal.Type),
            Text("partner_id", journal.PartnerId),
            new NpgsqlParameter<string>("status", journal.Status.ToString()),
            new NpgsqlParameter("reasons", NpgsqlDbType.Jsonb) { Value = (object?)journal.Reasons ?? DBNull.Value },
            new NpgsqlParameter("summary", NpgsqlDbType.Jsonb) { Value = (object?)journal.Summary ?? DBNull.Value },
            new NpgsqlParameter<string>("raw_body", journal.RawBody),
            new NpgsqlParameter<double>("processing_ms", journal.ProcessingMs),
            new NpgsqlParameter("replay_of", NpgsqlDbType.Bigint) { Value = (object?)journal.ReplayOf ?? DBNull.Value },
            Text("replayed_by", journal.ReplayedBy),
            new NpgsqlParameter<bool>("unauthenticated", journal.Unauthenticated),
            new NpgsqlParameter<bool>("body_truncated", journal.BodyTruncated),
            new NpgsqlParameter<string[]>("keys", journal.Keys),
            new NpgsqlParameter("tag_ranges", NpgsqlDbType.Multirange | NpgsqlDbType.Bigint) { Value = journal.TagRanges },
            new NpgsqlParameter<string[]>("link_types", [.. journal.Links.Select(l => l.EntityType)]),
            new NpgsqlParameter<string[]>("link_keys", [.. journal.Links.Select(l => l.EntityKey)]),
        };
        if (journal.Id != 0) p.Add(new NpgsqlParameter<long>("id", journal.Id));
        return (journal.Id == 0 ? UnderNewId : UnderReservedId, [.. p]);
    }

    /// <summary>
    /// Writes <paramref name="journal"/> on the unit of work's connection, in its transaction when one is open (an
    /// accepted message's) or on its own (a refusal or failure, whose work was rolled back); sets its id.
    /// </summary>
    public static async Task InsertAsync(HubDbContext db, JournalEntry journal, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await InsertAsync((NpgsqlConnection)db.Database.GetDbConnection(), journal, ct,
            db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
    }

    /// <summary>Writes <paramref name="journal"/> on an open connection, in <paramref name="transaction"/> when given; sets its id.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, JournalEntry journal, CancellationToken ct, NpgsqlTransaction? transaction = null)
    {
        var (sql, parameters) = Insert(journal);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        Identify(journal, (long)(await command.ExecuteScalarAsync(ct))!);
    }

    /// <summary>Gives the entry and its links the id the insert answered.</summary>
    public static void Identify(JournalEntry journal, long id)
    {
        journal.Id = id;
        foreach (var link in journal.Links) link.JournalId = id;
    }

    /// <summary>Links from one entry to many entities of one type, as a statement of the message's own batch.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) LinkStatement(long journalId, string entityType, string[] entityKeys) => ("""
        insert into journal_link (journal_id, entity_type, entity_key) select @journal, @type, k from unnest(@keys) as k
        """,
        [new NpgsqlParameter<long>("journal", journalId), new NpgsqlParameter<string>("type", entityType), new NpgsqlParameter<string[]>("keys", entityKeys)]);

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    // ---- reads and upkeep ----

    /// <summary>Messages per source since @since (replays left out), and how many of them were refused or failed.</summary>
    public const string OutcomesSinceSql = """
        select source, count(*), count(*) filter (where status in ('Refused', 'Failed'))
        from journal where received_at >= @since and replay_of is null group by source
        """;

    /// <summary>The head of the staff list's filtered query; the caller appends its fixed clauses joined by "and".</summary>
    public const string FilteredSelect = "select * from journal where ";

    /// <summary>A clause of <see cref="FilteredSelect"/>: the entry names farm @farm in its keys or links to it.</summary>
    public const string NamesFarmClause =
        "(keys @> array[@farm]::text[] or exists (select 1 from journal_link l where l.journal_id = journal.id and l.entity_type = 'farm' and l.entity_key = @farm))";

    /// <summary>Entries up to @upTo after @after that have no keys yet, for the key backfill.</summary>
    public const string UnkeyedSql = """
        select id, received_at, source, type, raw_body from journal
        where id > @after and id <= @upTo and keys = '{}' and tag_ranges = '{}' and not body_pruned
        order by id limit @batch
        """;

    /// <summary>Sets one entry's keys and tag ranges (positional: keys, ranges, id, received_at).</summary>
    public const string SetKeysSql = "update journal set keys = $1, tag_ranges = $2 where id = $3 and received_at = $4";

    public const string MaxIdSql = "select coalesce(max(id), 0) from journal";

    /// <summary>
    /// Empties the raw bodies past their source's retention (@sources/@days, @default, @refused for refusals), at most
    /// @batch entries a call, skipping entries another instance is pruning.
    /// </summary>
    public const string PruneBodiesSql = """
        with limits (source, days) as (select * from unnest(@sources, @days)),
        due as (
            select j.id from journal j left join limits l on l.source = j.source
            where not j.body_pruned
              and j.received_at < @now - make_interval(days => @shortest)
              and j.received_at < @now - make_interval(days => case when j.status = 'Accepted'
                  then coalesce(l.days, @default)
                  else greatest(coalesce(l.days, @default), @refused) end)
            order by j.id
            limit @batch
            for update of j skip locked),
        -- The search copy of a pruned body goes with it (journal_search, JournalTable.Search).
        gone as (delete from journal_search s using due where s.journal_id = due.id)
        update journal j set raw_body = '', body_pruned = true, body_pruned_at = @now
        from due where j.id = due.id
        """;
}
