namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// A hub process that claims outbox rows, and when it last said it was alive. Claims of an instance whose heartbeat is
/// older than Hub:DeadAfterSeconds are taken over by the others; a restarted instance (same Hub:InstanceId) re-queues
/// its own at once.
/// </summary>
public sealed class HubInstance
{
    public required string Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>Written with the database's clock, and compared with it, so instances on skewed clocks agree.</summary>
    public DateTimeOffset HeartbeatAt { get; set; }
}
