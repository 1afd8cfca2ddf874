namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// One change one partner must learn about, written in the same transaction as the change, and its delivery state.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Destination, e.g. national-cloud/farms, djet/yzc-sync.</summary>
    public required string Destination { get; set; }
    public required string EntityKey { get; set; }
    /// <summary>Canonical JSON snapshot of the entity as of the change.</summary>
    public required string Payload { get; set; }
    public long? JournalId { get; set; }
    public JournalEntry? Journal { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>Whose the last error is: business (2001, the hub's mapping refused the item) or transport.</summary>
    public DeliveryErrorClass? ErrorClass { get; set; }
    /// <summary>How often an engineer sent it again after it failed or was rejected (each time under a new request id).</summary>
    public int Resends { get; set; }
    /// <summary>Idempotency key of the batch this item travels in; fixed before the first send and reused on retries.</summary>
    public string? RequestId { get; set; }
    public DateTimeOffset? QueuedAt { get; set; }
    /// <summary>The Hub:InstanceId that claimed the row (Queued); see <see cref="HubInstance"/>.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>
    /// W3C traceparent of the activity that wrote the row (the inbound message's, or the staff request's): the delivery
    /// activity starts from it, so the trace survives the outbox, the bus and a change of instance.
    /// </summary>
    public string? TraceParent { get; set; }
    /// <summary>The region (GB/T 2260 code) the announced change is about, so deliveries can be listed within a staff scope.</summary>
    public string? RegionCode { get; set; }
}

public enum DeliveryStatus
{
    /// <summary>Written, not yet handed to the bus.</summary>
    Pending = 1,
    /// <summary>Handed to the bus; a consumer owns it.</summary>
    Queued = 2,
    /// <summary>Accepted by the partner (or answered as a duplicate of an accepted one).</summary>
    Delivered = 3,
    /// <summary>Refused by the partner as invalid (2001): final.</summary>
    Rejected = 4,
    /// <summary>Transient failure; retried at NextAttemptAt.</summary>
    Retrying = 5,
    /// <summary>Gave up (attempts exhausted or a non-transient error): waits for an engineer.</summary>
    Failed = 6,
}

public enum DeliveryErrorClass
{
    /// <summary>The item itself is wrong (2001, a mapping refusal): sending it again unchanged will not help.</summary>
    Business = 1,
    /// <summary>The way there failed (timeout, 5xx, 429, circuit open, network): sending it again may.</summary>
    Transport = 2,
}
