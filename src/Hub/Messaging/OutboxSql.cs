using EarTagTrace.Hub.Observability;
using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Outbox rows written with one statement, for messages that announce thousands of changes at once.</summary>
public static class OutboxSql
{
    private const string InsertSql = """
        insert into outbox (created_at, destination, entity_key, payload, journal_id, status, attempts, trace_parent)
        select @now, @destination, k, p::jsonb, @journal, 'Pending', 0, @trace
        from unnest(@k, @p) as u(k, p)
        """;

    /// <summary>The same rows as one statement of <paramref name="batch"/>, for a handler that sends its writes together.</summary>
    public static void Add(NpgsqlBatch batch, string destination, string[] entityKeys, string[] payloads, long journalId, DateTimeOffset now)
    {
        if (entityKeys.Length == 0) return;
        batch.Add(InsertSql, MessageSql.P("now", now.ToUniversalTime()), MessageSql.P("destination", destination),
            MessageSql.P("k", entityKeys), MessageSql.P("p", payloads), MessageSql.P("journal", journalId),
            MessageSql.P("trace", HubTracing.CurrentTraceParent()));
    }

    public static async Task InsertAsync(
        HubDbContext db, string destination, string[] entityKeys, string[] payloads, long journalId, DateTimeOffset now, CancellationToken ct)
    {
        if (entityKeys.Length == 0) return;
        await MessageSql.ExecuteAsync(db, """
            insert into outbox (created_at, destination, entity_key, payload, journal_id, status, attempts, trace_parent)
            select @now, @destination, k, p::jsonb, @journal, 'Pending', 0, @trace
            from unnest(@k, @p) as u(k, p)
            """, ct,
            MessageSql.P("now", now), MessageSql.P("destination", destination), MessageSql.P("k", entityKeys),
            MessageSql.P("p", payloads), MessageSql.P("journal", journalId),
            MessageSql.P("trace", HubTracing.CurrentTraceParent()));
    }
}
