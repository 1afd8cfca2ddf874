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
    /// <summary>
    /// The head of every outbox insert the hub writes with SQL; the values are (created at, destination, entity key,
    /// payload as jsonb, journal id, 'Pending', 0, <see cref="Trace"/>). A statement that must announce its change only
    /// when it applied (the certificate's CTE) starts its own insert with it.
    /// </summary>
    public const string Insert =
        "insert into outbox (created_at, destination, entity_key, payload, journal_id, status, attempts, trace_parent)";

    private const string InsertSql = $"""
        {Insert}
        select @now, @destination, k, p::jsonb, @journal, 'Pending', 0, @trace
        from unnest(@k, @p) as u(k, p)
        """;

    /// <summary>The current activity's traceparent (or null), which the delivery's activity continues.</summary>
    public static NpgsqlParameter Trace(string name) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)HubTracing.CurrentTraceParent() ?? DBNull.Value };

    /// <summary>The insert of the rows, as a statement for a handler's own batch.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) Statement(
        string destination, string[] entityKeys, string[] payloads, long journalId, DateTimeOffset now) =>
        (InsertSql,
        [
            MessageSql.P("now", now.ToUniversalTime()), MessageSql.P("destination", destination),
            MessageSql.P("k", entityKeys), MessageSql.P("p", payloads), MessageSql.P("journal", journalId),
            Trace("trace"),
        ]);

    /// <summary>The same rows as one statement of <paramref name="batch"/>, for a handler that sends its writes together.</summary>
    public static void Add(NpgsqlBatch batch, string destination, string[] entityKeys, string[] payloads, long journalId, DateTimeOffset now)
    {
        if (entityKeys.Length == 0) return;
        var (sql, parameters) = Statement(destination, entityKeys, payloads, journalId, now);
        batch.Add(sql, parameters);
    }
}
