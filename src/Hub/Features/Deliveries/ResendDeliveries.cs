using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Deliveries;

/// <summary>
/// POST /api/deliveries/resend {destination, status, entityKey, errorClass, journalId, reason, dryRun}: send every
/// failed or rejected item the filter matches again, each under a new request id (see <see cref="ResendDelivery"/>),
/// in one statement. A dry run only counts. Audited with the filter, the count and the ids.
/// </summary>
public static class ResendDeliveries
{
    public sealed record Request(string? Destination, string? Status, string? EntityKey, string? ErrorClass, long? JournalId,
        string? Reason, bool? DryRun);

    public sealed record Answer(int Count, bool DryRun);

    public static async Task<IResult> HandleAsync(Request? body, HubDbContext db, OutboxSignal signal, StaffScope scope,
        TimeProvider time, CancellationToken ct)
    {
        body ??= new Request(null, null, null, null, null, null, null);
        var reason = body.Reason?.Trim();
        if (Journal.ReplayRules.RefuseReason(reason) is { } bad) return bad;
        var dry = body.DryRun ?? false;
        if (!dry && string.IsNullOrEmpty(reason))
            return Results.Problem(statusCode: 400, title: "REASON_REQUIRED", detail: "sending again by filter is audited: say why (reason)");

        DeliveryStatus[] statuses = ResendDelivery.Resendable;
        if (body.Status is not null)
        {
            if (!Enum.TryParse<DeliveryStatus>(body.Status, ignoreCase: true, out var s) || !ResendDelivery.Resendable.Contains(s))
                return Results.Problem(statusCode: 400, title: "STATUS_NOT_RESENDABLE", detail: "status must be Failed or Rejected (or left out for both)");
            statuses = [s];
        }
        DeliveryErrorClass? errorClass = null;
        if (body.ErrorClass is not null)
        {
            if (!Enum.TryParse<DeliveryErrorClass>(body.ErrorClass, ignoreCase: true, out var c) || !Enum.IsDefined(c))
                return Results.Problem(statusCode: 400, title: "INVALID_ERROR_CLASS", detail: "errorClass must be business or transport");
            errorClass = c;
        }

        var query = db.Outbox.Where(o => statuses.Contains(o.Status));
        if (body.Destination is not null) query = query.Where(o => o.Destination == body.Destination);
        if (body.EntityKey is not null) query = query.Where(o => o.EntityKey == body.EntityKey);
        if (body.JournalId is not null) query = query.Where(o => o.JournalId == body.JournalId);
        if (errorClass is not null) query = query.Where(o => o.ErrorClass == errorClass);

        if (dry) return Results.Ok(new Answer(await query.CountAsync(ct), true));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await query.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(ct);
        var count = await OutboxRequeue.RequeueAsync(db.Outbox.Where(o => ids.Contains(o.Id) && statuses.Contains(o.Status)), ct);
        AuditLog.Add(db, scope, "delivery.resend-filter", body.Destination ?? "*", null,
            new { reason, filter = body with { Reason = null }, count, ids = ids.Take(10_000) }, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        signal.Notify();
        return Results.Accepted("/api/deliveries?status=pending", new Answer(count, false));
    }
}
