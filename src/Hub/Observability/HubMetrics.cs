using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EarTagTrace.Hub.Observability;

/// <summary>
/// The hub's own meters, one instrument per question an operator asks: how much came in, how much of it was applied
/// or refused, how much went out or failed (per adapter and destination), how long each took, how deep the queue is.
/// </summary>
public sealed class HubMetrics
{
    public const string MeterName = "EarTagTrace.Hub";

    private readonly Counter<long> _received, _applied, _refused, _delivered, _failed;
    private readonly Histogram<double> _inboundMs, _deliveryMs;
    private volatile IReadOnlyList<(string Destination, string Status, long Items, double OldestSeconds)> _depth = [];
    private volatile int _databaseUp = 1;

    public HubMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _received = meter.CreateCounter<long>("eartag.messages.received", "{message}", "Inbound and pulled messages, per source and type");
        _applied = meter.CreateCounter<long>("eartag.messages.applied", "{message}", "Messages applied to the canonical model");
        _refused = meter.CreateCounter<long>("eartag.messages.refused", "{message}", "Messages refused (verdict: malformed, unauthorized, refused, failed)");
        _delivered = meter.CreateCounter<long>("eartag.deliveries.delivered", "{item}", "Items a partner accepted, per destination");
        _failed = meter.CreateCounter<long>("eartag.deliveries.failed", "{item}", "Items not delivered by an attempt, per destination, status and error class");
        _inboundMs = meter.CreateHistogram<double>("eartag.inbound.duration", "ms", "Time to journal, map and apply one message");
        _deliveryMs = meter.CreateHistogram<double>("eartag.delivery.duration", "ms", "Time of one batch send, per destination");
        meter.CreateObservableGauge("eartag.outbox.depth", () => _depth.Select(d =>
            new Measurement<long>(d.Items, new("destination", d.Destination), new("status", d.Status))), "{item}",
            "Outbox items waiting (Pending, Queued, Retrying), per destination and status");
        meter.CreateObservableGauge("eartag.outbox.oldest_age", () => _depth.Select(d =>
            new Measurement<double>(d.OldestSeconds, new("destination", d.Destination), new("status", d.Status))), "s",
            "Age of the oldest waiting item, per destination and status");
        // Prometheus cannot tell a quiet hub from one whose database is gone; the sampler's last query can.
        meter.CreateObservableGauge("eartag.database.up", () => _databaseUp, null,
            "1 when the hub's last query of the outbox succeeded, 0 when it failed (database unreachable)");
    }

    public void Inbound(string source, string type, string verdict, double milliseconds)
    {
        var tags = new TagList { { "source", source }, { "type", type } };
        _received.Add(1, tags);
        _inboundMs.Record(milliseconds, tags);
        if (verdict == "Accepted") _applied.Add(1, tags);
        else
        {
            tags.Add("verdict", verdict.ToLowerInvariant());
            _refused.Add(1, tags);
        }
    }

    public void Delivery(string destination, string status, string? errorClass, int items)
    {
        if (status == "Delivered") _delivered.Add(items, new KeyValuePair<string, object?>("destination", destination));
        else
            _failed.Add(items, new TagList { { "destination", destination }, { "status", status.ToLowerInvariant() }, { "class", errorClass ?? "none" } });
    }

    public void DeliveryBatch(string destination, double milliseconds) =>
        _deliveryMs.Record(milliseconds, new KeyValuePair<string, object?>("destination", destination));

    /// <summary>The queue as last sampled by <see cref="OutboxDepthSampler"/> (a gauge callback cannot query the database).</summary>
    public void SetDepth(IReadOnlyList<(string Destination, string Status, long Items, double OldestSeconds)> depth)
    {
        _depth = depth;
        _databaseUp = 1;
    }

    /// <summary>The sampler's query failed: the gauges keep their last queue figures, the database gauge says why.</summary>
    public void SetDatabaseDown() => _databaseUp = 0;
}
