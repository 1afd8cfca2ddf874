using EarTagTrace.Hub.Messaging;
using Npgsql;

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
        return OutboxSql.Statement(destination, [entityKey], [payload], context.Journal.Id, context.Now);
    }
}
