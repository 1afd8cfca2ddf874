using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>GET /api/rollout/counties/{code}: a county's switch state and every switch before it, newest first.</summary>
public static class GetCountyRollout
{
    public sealed record CountySwitch(bool Enabled, DateOnly Since, DateTimeOffset At, string? Actor, string? Note);

    /// <param name="Enabled">Switched on (possibly from a later date).</param>
    /// <param name="InForceToday">Switched on and <paramref name="Since"/> has come (China date).</param>
    public sealed record CountyRolloutState(string County, string Name, bool Enabled, DateOnly? Since, bool InForceToday,
        DateTimeOffset? UpdatedAt, IReadOnlyList<CountySwitch> History, IReadOnlyList<CountyStartReports.StartReportView> StartReports);

    public static async Task<IResult> HandleAsync(string code, HubDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await RolloutCounties.RefuseUnlessCountyAsync(db, code, ct) is { } refusal)
            return refusal;
        var name = await db.Regions.AsNoTracking().Where(r => r.Code == code && r.ValidTo == null).Select(r => r.Name).FirstAsync(ct);
        var row = await db.CountyRollouts.AsNoTracking().FirstOrDefaultAsync(r => r.CountyCode == code, ct);
        var history = await db.RolloutAudits.AsNoTracking().Where(a => a.CountyCode == code)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new CountySwitch(a.Enabled, a.Since, a.At, a.Actor, a.Note))
            .ToListAsync(ct);
        var reports = await db.CountyStartReports.AsNoTracking().Where(r => r.CountyCode == code)
            .OrderByDescending(r => r.ReportedAt).ThenByDescending(r => r.Id).ToListAsync(ct);
        var today = CountyRolloutRules.ChinaDate(time.GetUtcNow());
        return Results.Ok(new CountyRolloutState(code, name, row?.Enabled ?? false, row?.Since, SwitchCounty.InForce(row, today),
            row?.UpdatedAt, history, reports.Select(CountyStartReports.StartReportView.Of).ToList()));
    }
}
