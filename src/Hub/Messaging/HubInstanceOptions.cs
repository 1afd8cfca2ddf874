using System.ComponentModel.DataAnnotations;

namespace EarTagTrace.Hub.Messaging;

public sealed class HubInstanceOptions
{
    public const string Section = "Hub";

    /// <summary>
    /// Who claims outbox rows (and the Quartz scheduler instance id). Must stay the same across restarts of one
    /// instance, so that a restart finds its earlier claims, and differ between instances running at once. Default:
    /// machine name and the port of the first URL the hub listens on.
    /// </summary>
    [MaxLength(200)] public string? InstanceId { get; set; }
    [Range(1, 60)] public int HeartbeatSeconds { get; set; } = 5;
    /// <summary>An instance whose heartbeat is older than this is dead: others take over its claims.</summary>
    [Range(5, 3600)] public int DeadAfterSeconds { get; set; } = 30;
}
