using System.Globalization;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>
/// GET /api/rollout?asOf=yyyy-MM-dd&amp;region=22|2201: per prefecture (市州), how many counties have the new function
/// in force and how many use it (first linked issuance and first certificate since the switch), each milestone of the
/// plan judged on use, the 6/30 preparation (complete farms, stock imported), and per county what it did since switching
/// on. The milestones are those of asOf's year (default: today, China date).
/// </summary>
public static class GetRolloutReport
{
    public sealed record RolloutReport(DateOnly AsOf, int Year, RolloutTotals Total, IReadOnlyList<RolloutPrefecture> Prefectures);

    public sealed record RolloutTotals(int Counties, int Enabled, decimal Percentage, int InUse, decimal InUsePercentage);

    /// <param name="Counties">Counties the plan counts (县、市、区; development zones are listed but not counted).</param>
    /// <param name="Enabled">Of those, switched on with Since on or before asOf.</param>
    /// <param name="InUse">Of those, using the function by asOf (<see cref="CountyUse.InUseFrom"/>).</param>
    public sealed record RolloutPrefecture(string Code, string Name, int Counties, int Enabled, decimal Percentage,
        int InUse, decimal InUsePercentage, IReadOnlyList<RolloutMilestone> Milestones, PreparationMilestone Preparation,
        IReadOnlyList<RolloutCounty> CountyList);

    /// <param name="Enabled">Counted counties switched on with Since on or before the milestone date.</param>
    /// <param name="InUse">Counted counties using the function by the milestone date: what <paramref name="Met"/> is judged on.</param>
    /// <param name="Ahead">The date is after asOf: a milestone not met yet is not missed yet.</param>
    public sealed record RolloutMilestone(DateOnly Date, string Rule, decimal? Share, int Required, int Enabled, bool Met, bool Ahead,
        int InUse);

    /// <summary>准备阶段: by 6/30 every counted county has checked its farms and imported its tag stock.</summary>
    public sealed record PreparationMilestone(DateOnly Date, int Required, int Ready, bool Met, bool Ahead);

    /// <param name="Declarations">Accepted declarations from Since to the end of asOf; null when the county is not switched on.</param>
    /// <param name="InUseSince">The China date from which it has both issued tags and certified through the function.</param>
    /// <param name="CompleteShare">Percentage of its active registry farms that are complete; null with no farm.</param>
    /// <param name="Prepared">Ready by the 6/30 preparation date (all farms complete, stock imported by then).</param>
    public sealed record RolloutCounty(string Code, string Name, bool CountsTowardPlan, bool Enabled, DateOnly? Since,
        bool InForce, int? Declarations, int? Certificates, DateTimeOffset? FirstIssuance, DateTimeOffset? FirstCertificate,
        DateOnly? InUseSince, bool InUse, int Farms, int CompleteFarms, decimal? CompleteShare, bool StockImported, bool Prepared,
        CountyStartReports.StartReportView? StartReport = null);

    public sealed record CountySwitchState(bool Enabled, DateOnly Since);

    public static async Task<IResult> HandleAsync(string? asOf, string? region, HubDbContext db, TimeProvider time,
        IOptions<RolloutOptions> options, CancellationToken ct)
    {
        if (ParseDay(asOf, time) is not { } day)
            return Results.Problem(statusCode: 400, title: "AS_OF_INVALID", detail: $"asOf must be a date yyyy-MM-dd, got '{asOf}'");
        if (region is not null && (region.Length is not (2 or 4) || !region.All(char.IsAsciiDigit)))
            return Results.Problem(statusCode: 400, title: "REGION_INVALID", detail: "region must be a province (2 digits) or prefecture (4 digits) code");
        return Results.Ok(await LoadAsync(db, day, region, options.Value, ct));
    }

    /// <summary>asOf as a China date (default today's), or null when it is no date.</summary>
    public static DateOnly? ParseDay(string? asOf, TimeProvider time)
    {
        if (asOf is null) return CountyRolloutRules.ChinaDate(time.GetUtcNow());
        return DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }

    public static async Task<RolloutReport> LoadAsync(HubDbContext db, DateOnly day, string? region, RolloutOptions options, CancellationToken ct)
    {
        var prefectures = (await RolloutCounties.LoadAsync(db, ct))
            .Where(p => region is null || p.Code.StartsWith(region, StringComparison.Ordinal)).ToList();
        var switches = await db.CountyRollouts.AsNoTracking()
            .ToDictionaryAsync(r => r.CountyCode, r => new CountySwitchState(r.Enabled, r.Since), ct);
        var facts = await RolloutFacts.LoadAsync(db, day, ct);
        // The latest 上报启用时间 of each county, whatever its state, so the page shows what waits for the province.
        var reports = (await db.CountyStartReports
                .FromSql($"SELECT DISTINCT ON (county_code) * FROM county_start_report ORDER BY county_code, reported_at DESC, id DESC")
                .AsNoTracking().ToListAsync(ct))
            .ToDictionary(r => r.CountyCode, CountyStartReports.StartReportView.Of);
        return Build(day, prefectures, switches, facts, RolloutMilestones.ForYear(options, day.Year), reports);
    }

    /// <summary>The report from its facts: pure, so every verdict is tested without a database.</summary>
    public static RolloutReport Build(DateOnly day, IReadOnlyList<RolloutCounties.Prefecture> prefectures,
        IReadOnlyDictionary<string, CountySwitchState> switches, RolloutFacts.Facts facts, IReadOnlyList<MilestoneRule> milestones,
        IReadOnlyDictionary<string, CountyStartReports.StartReportView>? startReports = null)
    {
        var preparationDate = RolloutMilestones.PreparationIn(day.Year);
        var rows = new List<RolloutPrefecture>(prefectures.Count);
        foreach (var prefecture in prefectures)
        {
            var counted = prefecture.Counties.Where(c => c.CountsTowardPlan).ToList();
            int EnabledBy(DateOnly date) => counted.Count(c => switches.GetValueOrDefault(c.Code) is { Enabled: true } r && r.Since <= date);
            int InUseBy(DateOnly date) => counted.Count(c => facts.Use.GetValueOrDefault(c.Code)?.InUseBy(date) == true);
            int ReadyBy(DateOnly date) => counted.Count(c => facts.Preparation.GetValueOrDefault(c.Code)?.ReadyBy(date) == true);

            var verdicts = milestones.Select(m =>
            {
                var date = m.In(day.Year);
                var required = m.Required(counted.Count);
                // The facts end at asOf: a milestone ahead is judged on what was done so far (a switch-on may be dated ahead).
                var inUse = InUseBy(date);
                return new RolloutMilestone(date, m.Rule, m.Share, required, EnabledBy(date), inUse >= required, date > day, inUse);
            }).ToList();
            var ready = ReadyBy(preparationDate);
            var preparation = new PreparationMilestone(preparationDate, counted.Count, ready, ready >= counted.Count, preparationDate > day);

            var countyRows = prefecture.Counties.Select(c =>
            {
                var r = switches.GetValueOrDefault(c.Code);
                var use = facts.Use.GetValueOrDefault(c.Code) ?? CountyUse.None;
                var prep = facts.Preparation.GetValueOrDefault(c.Code) ?? CountyPreparation.None;
                var counts = facts.Counts.GetValueOrDefault(c.Code);
                var on = r is { Enabled: true };
                return new RolloutCounty(c.Code, c.Name, c.CountsTowardPlan, r?.Enabled ?? false, r?.Since,
                    on && r!.Since <= day, on ? counts.Declarations : null, on ? counts.Certificates : null,
                    use.FirstIssuance, use.FirstCertificate, use.InUseFrom, use.InUseBy(day),
                    prep.Farms, prep.CompleteFarms, prep.CompleteShare, prep.StockImportedBy(day), prep.ReadyBy(preparationDate),
                    startReports?.GetValueOrDefault(c.Code));
            }).ToList();
            var enabled = EnabledBy(day);
            var inUseNow = InUseBy(day);
            rows.Add(new RolloutPrefecture(prefecture.Code, prefecture.Name, counted.Count, enabled, Percent(enabled, counted.Count),
                inUseNow, Percent(inUseNow, counted.Count), verdicts, preparation, countyRows));
        }

        var counties = rows.Sum(r => r.Counties);
        var total = new RolloutTotals(counties, rows.Sum(r => r.Enabled), Percent(rows.Sum(r => r.Enabled), counties),
            rows.Sum(r => r.InUse), Percent(rows.Sum(r => r.InUse), counties));
        return new RolloutReport(day, day.Year, total, rows);
    }

    private static decimal Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(100m * part / whole, 1);
}
