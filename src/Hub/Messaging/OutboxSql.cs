using EarTagTrace.Hub.Observability;
using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Outbox rows written with SQL on the message's transaction: one statement for any number of items to one
/// destination, whether a registry push announces thousands of farms or a ledger message one change.
/// </summary>
public static class OutboxSql
{
    private const string InsertSql = """
        insert into outbox (created_at, destination, entity_key, payload, journal_id, status, attempts, trace_parent)
        select @now, @destination, k, p::jsonb, @journal, 'Pending', 0, @trace
        from unnest(@k, @p) as u(k, p)
        """;

    /// <summary>The insert of the rows, as a statement for a handler's own batch.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) Statement(
        string destination, string[] entityKeys, string[] payloads, long journalId, DateTimeOffset now) =>
        (InsertSql,
        [
            MessageSql.P("now", now.ToUniversalTime()), MessageSql.P("destination", destination),
            MessageSql.P("k", entityKeys), MessageSql.P("p", payloads), MessageSql.P("journal", journalId),
            new NpgsqlParameter("trace", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)HubTracing.CurrentTraceParent() ?? DBNull.Value },
        ]);

    /// <summary>The same rows as one statement of <paramref name="batch"/>, for a handler that sends its writes together.</summary>
    public static void Add(NpgsqlBatch batch, string destination, string[] entityKeys, string[] payloads, long journalId, DateTimeOffset now)
    {
        if (entityKeys.Length == 0) return;
        var (sql, parameters) = Statement(destination, entityKeys, payloads, journalId, now);
        batch.Add(sql, parameters);
    }
}
