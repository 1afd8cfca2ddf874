using EarTagTrace.Hub.Observability;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Inbound;

public static class OutboxWriter
{
    /// <summary>
    /// The insert of an outbox row for one change to one destination, tied to the journal entry that caused it, as a
    /// statement of the handler's own batch (one round trip with its other writes, no EF unit of work). The handler
    /// reserves the entry's id first (<see cref="HandlerContext.JournalIdAsync"/>).
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) Item(string destination, string entityKey, string payload, HandlerContext context)
    {
        if (context.Journal.Id == 0)
            throw new InvalidOperationException("reserve the journal entry's id (HandlerContext.JournalIdAsync) before writing outbox rows for it");
        return ("""
            insert into outbox (created_at, destination, entity_key, payload, journal_id, status, attempts, trace_parent)
            values (@outbox_at, @outbox_destination, @outbox_key, @outbox_payload::jsonb, @outbox_journal, 'Pending', 0, @outbox_trace)
            """,
            [
                new NpgsqlParameter<DateTimeOffset>("outbox_at", context.Now.ToUniversalTime()),
                new NpgsqlParameter<string>("outbox_destination", destination),
                new NpgsqlParameter<string>("outbox_key", entityKey),
                new NpgsqlParameter<string>("outbox_payload", payload),
                new NpgsqlParameter<long>("outbox_journal", context.Journal.Id),
                new NpgsqlParameter("outbox_trace", NpgsqlDbType.Text) { Value = (object?)HubTracing.CurrentTraceParent() ?? DBNull.Value },
            ]);
    }
}
