using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Reconciliation;

/// <summary>POST /api/reconciliations {from, to, type?, county?}: reconcile now instead of waiting for the night.</summary>
public static class StartReconciliation
{
    public sealed record Request(DateOnly? From, DateOnly? To, string? Type, string? County);

    public const int MaxDays = 31;

    public static async Task<IResult> HandleAsync(Request? body, Reconciler reconciler, HubDbContext db, StaffScope scope,
        TimeProvider time, CancellationToken ct)
    {
        if (body?.From is not { } from || body.To is not { } to)
            return Results.Problem(statusCode: 400, title: "DATES_REQUIRED", detail: "from and to (yyyy-MM-dd, China time) are required");
        if (to < from || to.DayNumber - from.DayNumber >= MaxDays)
            return Results.Problem(statusCode: 400, title: "DATE_RANGE_INVALID", detail: $"to must not be before from, and a run covers at most {MaxDays} days");
        if (body.Type is not null && !Reconciler.AllTypes.ContainsKey(body.Type))
            return Results.Problem(statusCode: 400, title: "TYPE_UNKNOWN", detail: $"type must be one of {string.Join(", ", Reconciler.AllTypes.Keys)}");
        if (body.County is not null && (body.County.Length != 6 || !body.County.All(char.IsAsciiDigit)))
            return Results.Problem(statusCode: 400, title: "COUNTY_INVALID", detail: "county is a 6-digit county code");

        string[] types = body.Type is null ? [.. Reconciler.Types.Keys] : [body.Type];
        var checks = await reconciler.RunAsync(from, to, types, body.County, scope.UserName, ct);
        AuditLog.Add(db, scope, "reconciliation.run", $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}", body.County,
            new { types, checks = checks.Count, mismatched = checks.Count(c => c.State != Persistence.ReconciliationState.Matched) }, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return Results.Ok(ListReconciliations.View(checks));
    }
}
