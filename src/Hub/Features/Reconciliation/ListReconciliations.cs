using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Reconciliation;

/// <summary>GET /api/reconciliations?from=&amp;to=&amp;type=&amp;county=: the latest check of each type, county and day.</summary>
public static class ListReconciliations
{
    public sealed record Check(long Id, string Type, string County, DateOnly Day, string State, int HubCount, string HubDigest,
        int? PlatformCount, string? PlatformDigest, int Requeued, DateTimeOffset CheckedAt, DateTimeOffset? RecheckedAt,
        string? RequestedBy, string? Error);

    public sealed record Summary(int Matched, int Mismatched, int Repaired, int StillMismatched, int Failed);

    public sealed record Report(Summary Summary, IReadOnlyList<Check> Checks);

    public static async Task<IResult> HandleAsync(DateOnly? from, DateOnly? to, string? type, string? county, HubDbContext db, CancellationToken ct)
    {
        if (from is null || to is null)
            return Results.Problem(statusCode: 400, title: "DATES_REQUIRED", detail: "from and to (yyyy-MM-dd) are required");
        if (to < from || to.Value.DayNumber - from.Value.DayNumber > 366)
            return Results.Problem(statusCode: 400, title: "DATE_RANGE_INVALID", detail: "to must not be before from, and at most a year apart");
        var query = db.Set<ReconciliationCheck>().AsNoTracking().Where(c => c.Day >= from && c.Day <= to);
        if (type is not null) query = query.Where(c => c.Type == type);
        if (county is not null) query = query.Where(c => c.CountyCode == county);
        var all = await query.OrderBy(c => c.Id).Take(50_000).ToListAsync(ct);
        var latest = all.GroupBy(c => (c.Type, c.CountyCode, c.Day)).Select(g => g.Last()).ToList();
        return Results.Ok(View(latest));
    }

    internal static Report View(IReadOnlyList<ReconciliationCheck> checks)
    {
        int Count(ReconciliationState s) => checks.Count(c => c.State == s);
        return new Report(
            new Summary(Count(ReconciliationState.Matched), Count(ReconciliationState.Mismatched), Count(ReconciliationState.Repaired),
                Count(ReconciliationState.StillMismatched), Count(ReconciliationState.Failed)),
            checks.OrderBy(c => c.Day).ThenBy(c => c.Type).ThenBy(c => c.CountyCode, StringComparer.Ordinal)
                .Select(c => new Check(c.Id, c.Type, c.CountyCode, c.Day, c.State.ToString(), c.HubCount, c.HubDigest, c.PlatformCount,
                    c.PlatformDigest, c.RequeuedIds.Length, c.CheckedAt, c.RecheckedAt, c.RequestedBy, c.Error)).ToList());
    }
}
