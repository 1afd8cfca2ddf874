using EarTagTrace.Hub.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Inbound;

/// <summary>
/// The pipeline's write of an accepted message's journal entry and its links: one statement on the message's
/// transaction, without change tracking (it runs for every message, and EF's unit of work cost more than the insert).
/// Under the id a handler reserved (<see cref="HandlerContext.JournalIdAsync"/>), or a new one from the sequence.
/// </summary>
internal static class JournalInsert
{
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

    /// <summary>Inserts <paramref name="journal"/> and its links; its <see cref="JournalEntry.Id"/> is set afterwards.</summary>
    public static async Task ExecuteAsync(HubDbContext db, JournalEntry journal, CancellationToken ct)
    {
        await using var command = MessageSql.Command(db, journal.Id == 0 ? UnderNewId : UnderReservedId);
        var p = command.Parameters;
        if (journal.Id != 0) p.Add(new NpgsqlParameter<long>("id", journal.Id));
        p.Add(new NpgsqlParameter<DateTimeOffset>("received_at", journal.ReceivedAt));
        p.Add(new NpgsqlParameter<string>("source", journal.Source));
        p.Add(new NpgsqlParameter<string>("type", journal.Type));
        p.Add(Text("partner_id", journal.PartnerId));
        p.Add(new NpgsqlParameter<string>("status", journal.Status.ToString()));
        p.Add(new NpgsqlParameter("reasons", NpgsqlDbType.Jsonb) { Value = (object?)journal.Reasons ?? DBNull.Value });
        p.Add(new NpgsqlParameter("summary", NpgsqlDbType.Jsonb) { Value = (object?)journal.Summary ?? DBNull.Value });
        p.Add(new NpgsqlParameter<string>("raw_body", journal.RawBody));
        p.Add(new NpgsqlParameter<double>("processing_ms", journal.ProcessingMs));
        p.Add(new NpgsqlParameter("replay_of", NpgsqlDbType.Bigint) { Value = (object?)journal.ReplayOf ?? DBNull.Value });
        p.Add(Text("replayed_by", journal.ReplayedBy));
        p.Add(new NpgsqlParameter<bool>("unauthenticated", journal.Unauthenticated));
        p.Add(new NpgsqlParameter<bool>("body_truncated", journal.BodyTruncated));
        p.Add(new NpgsqlParameter<string[]>("keys", journal.Keys));
        p.Add(new NpgsqlParameter("tag_ranges", NpgsqlDbType.Multirange | NpgsqlDbType.Bigint) { Value = journal.TagRanges });
        p.Add(new NpgsqlParameter<string[]>("link_types", [.. journal.Links.Select(l => l.EntityType)]));
        p.Add(new NpgsqlParameter<string[]>("link_keys", [.. journal.Links.Select(l => l.EntityKey)]));
        journal.Id = (long)(await command.ExecuteScalarAsync(ct))!;
        foreach (var link in journal.Links) link.JournalId = journal.Id;
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
