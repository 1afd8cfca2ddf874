namespace EarTagTrace.Hub.Observability;

/// <summary>Alerts: thresholds over the journal and the outbox, and where and how often to say so.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Run the evaluation loop in this instance (every instance may: the rate limit is kept in the database).</summary>
    public bool Enabled { get; set; } = true;
    public double EvaluateSeconds { get; set; } = 5;
    /// <summary>The sliding window the failure rates are computed over.</summary>
    public double WindowMinutes { get; set; } = 5;
    /// <summary>Refused + failed / total of an adapter's (inbound source's) messages at or above which it alerts.</summary>
    public double InboundFailureRate { get; set; } = 0.5;
    /// <summary>Rejected + failed / finished items of a delivery destination at or above which it alerts.</summary>
    public double DeliveryFailureRate { get; set; } = 0.5;
    /// <summary>Per-target overrides of the two rates above, by source (farm-registry) or destination (national-cloud/farms).</summary>
    public Dictionary<string, double> FailureRateByTarget { get; set; } = [];
    /// <summary>Fewer messages than this in the window never alert: two refusals out of three is not an outage.</summary>
    public int MinCount { get; set; } = 20;
    /// <summary>The oldest Pending or Retrying outbox item of a destination older than this alerts.</summary>
    public double QueueAgeMinutes { get; set; } = 15;
    /// <summary>Where the JSON alert is POSTed; without one the breach is only logged.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>At most one alert of the same kind and target per this interval, across every instance.</summary>
    public double MinIntervalMinutes { get; set; } = 15;

    public double FailureRateFor(string target, double fallback) =>
        FailureRateByTarget.TryGetValue(target, out var rate) ? rate : fallback;
}
