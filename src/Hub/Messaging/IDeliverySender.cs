using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Sends one batch of outbox items to one destination and says what became of each item. A <see cref="Destination"/>
/// type names its sender; the sender does not need to know which destination it serves.
/// </summary>
public interface IDeliverySender
{
    /// <returns>One result per item, in order. Throws for a failure of the whole batch (the processor classifies it).</returns>
    Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct);
}

public sealed record ItemResult(DeliveryStatus Status, string? Error = null)
{
    public static readonly ItemResult Delivered = new(DeliveryStatus.Delivered);
    public static ItemResult Retry(string error) => new(DeliveryStatus.Retrying, error);
    public static ItemResult Rejected(string error) => new(DeliveryStatus.Rejected, error);
    public static ItemResult Failed(string error) => new(DeliveryStatus.Failed, error);
}
