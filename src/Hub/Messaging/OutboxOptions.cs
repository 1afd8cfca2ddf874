using System.ComponentModel.DataAnnotations;

namespace EarTagTrace.Hub.Messaging;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the relay looks for due retries when nothing signalled it.</summary>
    [Range(10, 60_000)] public int PollMilliseconds { get; set; } = 500;
    /// <summary>At most this many items handed to the bus and not yet finished, so a backlog drains in order.</summary>
    [Range(500, 100_000)] public int MaxInFlight { get; set; } = 5_000;
    /// <summary>An item queued longer than this was orphaned by a stopped hub and is queued again.</summary>
    [Range(1, 1440)] public int LeaseMinutes { get; set; } = 10;
    [Range(1, 100)] public int MaxAttempts { get; set; } = 12;
    [Range(10, 600_000)] public int RetryBaseMilliseconds { get; set; } = 2_000;
    [Range(1000, 3_600_000)] public int RetryMaxMilliseconds { get; set; } = 600_000;
    [Range(1, 500)] public int BatchSize { get; set; } = 500;
    /// <summary>How long a consumer waits to fill a batch.</summary>
    [Range(1, 10_000)] public int BatchWaitMilliseconds { get; set; } = 200;
}
