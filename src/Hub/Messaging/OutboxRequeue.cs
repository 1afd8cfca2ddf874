using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Sending outbox items again: a resend by hand, or a reconciliation's repair.</summary>
public static class OutboxRequeue
{
    /// <summary>Back to Pending under no request id (a new one at the next send), attempts from zero.</summary>
    public static Task<int> RequeueAsync(IQueryable<OutboxMessage> items, CancellationToken ct) =>
        items.ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Status, DeliveryStatus.Pending)
            .SetProperty(o => o.RequestId, (string?)null)
            .SetProperty(o => o.Attempts, 0)
            .SetProperty(o => o.QueuedAt, (DateTimeOffset?)null)
            .SetProperty(o => o.NextAttemptAt, (DateTimeOffset?)null)
            .SetProperty(o => o.CompletedAt, (DateTimeOffset?)null)
            .SetProperty(o => o.Resends, o => o.Resends + 1), ct);
}
