using System.Globalization;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Deliveries;

/// <summary>
/// POST /api/deliveries/{id}/resend {reason}: send a failed or rejected item again. It goes back to Pending with no
/// request id, so the next batch gives it a new one: the platform has already answered the old id and would answer it
/// again as a duplicate without looking. The old id and error stay in the audit log.
/// </summary>
public static class ResendDelivery
{
    public sealed record Request(string? Reason);

    public sealed record Resent(long Id, string Status, string? PreviousRequestId, string? PreviousError, int Resends);

    internal static readonly DeliveryStatus[] Resendable = [DeliveryStatus.Failed, DeliveryStatus.Rejected];

    public static async Task<IResult> HandleAsync(long id, Request? body, HubDbContext db, OutboxSignal signal, StaffScope scope,
        TimeProvider time, CancellationToken ct)
    {
        var reason = body?.Reason?.Trim();
        if (Journal.ReplayRules.RefuseReason(reason) is { } bad) return bad;
        var item = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (item is null) return Results.Problem(statusCode: 404, title: "DELIVERY_UNKNOWN", detail: $"no delivery {id}");
        if (!Resendable.Contains(item.Status))
            return Results.Problem(statusCode: 409, title: "DELIVERY_NOT_FAILED",
                detail: $"delivery {id} is {item.Status}; only Failed or Rejected items are sent again by hand");

        // Conditional, so two engineers (or an engineer and a filter run) resend it once.
        var resent = await OutboxRequeue.RequeueAsync(db.Outbox.Where(o => o.Id == id && o.Status == item.Status && o.Resends == item.Resends), ct);
        if (resent == 0)
            return Results.Problem(statusCode: 409, title: "DELIVERY_NOT_FAILED", detail: $"delivery {id} changed just now; look again");
        AuditLog.Add(db, scope, "delivery.resend", id.ToString(CultureInfo.InvariantCulture), null,
            new { reason, destination = item.Destination, entityKey = item.EntityKey, previousRequestId = item.RequestId,
                previousStatus = item.Status.ToString(), previousError = item.LastError }, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return Results.Accepted($"/api/deliveries?entityKey={Uri.EscapeDataString(item.EntityKey)}",
            new Resent(id, nameof(DeliveryStatus.Pending), item.RequestId, item.LastError, item.Resends + 1));
    }
}
