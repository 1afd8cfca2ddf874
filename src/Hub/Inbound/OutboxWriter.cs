using EarTagTrace.Hub.Observability;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Inbound;

public static class OutboxWriter
{
    /// <summary>
    /// An outbox row for one change to one destination, tied to the journal entry that caused it by the entry's id,
    /// which the handler reserves first (<see cref="HandlerContext.JournalIdAsync"/>): the pipeline writes the entry
    /// itself, with SQL, so the row must not bring it along through EF.
    /// </summary>
    public static OutboxMessage Item(string destination, string entityKey, string payload, HandlerContext context)
    {
        if (context.Journal.Id == 0)
            throw new InvalidOperationException("reserve the journal entry's id (HandlerContext.JournalIdAsync) before writing outbox rows for it");
        return new OutboxMessage
        {
            Destination = destination,
            EntityKey = entityKey,
            Payload = payload,
            CreatedAt = context.Now,
            Status = DeliveryStatus.Pending,
            JournalId = context.Journal.Id,
            TraceParent = HubTracing.CurrentTraceParent(),
        };
    }
}
