using System.Diagnostics;

namespace EarTagTrace.Hub.Observability;

/// <summary>
/// The hub's activity sources. An inbound message's activity is current while its outbox rows are written, and each row
/// keeps that activity's W3C traceparent; the delivery activity starts from it, so one trace runs from the partner's
/// request through the outbox to the partner call, even when the delivery happens in another instance minutes later.
/// </summary>
public static class HubTracing
{
    public const string InboundSourceName = "EarTagTrace.Hub.Inbound";
    public const string DeliverySourceName = "EarTagTrace.Hub.Delivery";

    public static readonly ActivitySource Inbound = new(InboundSourceName);
    public static readonly ActivitySource Delivery = new(DeliverySourceName);

    /// <summary>The current activity as a W3C traceparent, or null when nothing is traced (no listener, no W3C id).</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Starts the activity of one delivery batch: the child of its items' inbound activity when they all came from one,
    /// otherwise a new trace linked to each of them (one batch may carry items of many messages).
    /// </summary>
    public static Activity? StartDelivery(string destination, string requestId, IEnumerable<string?> traceParents)
    {
        var contexts = traceParents.Distinct()
            .Select(p => p is not null && ActivityContext.TryParse(p, null, out var context) ? context : (ActivityContext?)null)
            .OfType<ActivityContext>().ToList();
        var parent = contexts.Count == 1 ? contexts[0] : default;
        var links = contexts.Count > 1 ? contexts.Select(c => new ActivityLink(c)) : null;
        var activity = Delivery.StartActivity($"deliver {destination}", ActivityKind.Producer, parent, links: links);
        activity?.SetTag("eartag.destination", destination);
        activity?.SetTag("eartag.request_id", requestId);
        return activity;
    }
}
