namespace EarTagTrace.Hub.Features.Retention;

/// <summary>How long the journal keeps raw bodies; metadata, reasons, summary, keys and links are kept for ever.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Run the prune job on the schedule (the clustered store runs it in one instance at a time).</summary>
    public bool Enabled { get; set; } = true;
    public double IntervalMinutes { get; set; } = 60;
    /// <summary>Days a raw body is kept, per source (farm-registry, djet, …); sources not listed keep <see cref="DefaultRawBodyDays"/>.</summary>
    public Dictionary<string, int> RawBodyDays { get; set; } = [];
    public int DefaultRawBodyDays { get; set; } = 180;
    /// <summary>
    /// Refused and failed entries keep their body at least this long (or their source's days when longer): they are the
    /// ones an engineer replays or shows a partner, often months later.
    /// </summary>
    public int RefusedRawBodyDays { get; set; } = 365;
    /// <summary>Rows per UPDATE: short transactions, so inbound writes and replays are not held up by a long prune.</summary>
    public int BatchSize { get; set; } = 1000;
}
