using EarTagTrace.Hub.Observability;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Inbound;

public static class OutboxWriter
{
    /// <summary>An outbox row for one change to one destination, tied to the journal entry that caused it.</summary>
    public static OutboxMessage Item(string destination, string entityKey, string payload, HandlerContext context)
    {
        return new OutboxMessage
        {
            Destination = destination,
            EntityKey = entityKey,
            Payload = payload,
            CreatedAt = context.Now,
            Status = DeliveryStatus.Pending,
            Journal = context.Journal,
            TraceParent = HubTracing.CurrentTraceParent(),
        };
    }
}
