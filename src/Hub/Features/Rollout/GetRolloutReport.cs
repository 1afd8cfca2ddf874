using System.Globalization;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>
/// GET /api/rollout?asOf=yyyy-MM-dd&amp;region=22|2201: per prefecture (市州), how many counties have the new function
/// in force, the share, each milestone of the plan with its verdict, and per county what it declared and certified
/// since switching on. The milestones are those of asOf's year (default: today, China date).
/// </summary>
public static class GetRolloutReport
{
    public sealed record RolloutReport(DateOnly AsOf, int Year, RolloutTotals Total, IReadOnlyList<RolloutPrefecture> Prefectures);

    public sealed record RolloutTotals(int Counties, int Enabled, decimal Percentage);

    /// <param name="Counties">Counties the plan counts (县、市、区; development zones are listed but not counted).</param>
    /// <param name="Enabled">Of those, switched on with Since on or before asOf.</param>
    public sealed record RolloutPrefecture(string Code, string Name, int Counties, int Enabled, decimal Percentage,
        IReadOnlyList<RolloutMilestone> Milestones, IReadOnlyList<RolloutCounty> CountyList);

    /// <param name="Enabled">Counted counties switched on with Since on or before the milestone date.</param>
    /// <param name="Ahead">The date is after asOf: a milestone not met yet is not missed yet.</param>
    public sealed record RolloutMilestone(DateOnly Date, string Rule, decimal? Share, int Required, int Enabled, bool Met, bool Ahead);

    /// <param name="Declarations">Accepted declarations from Since to the end of asOf; null when the county is not switched on.</param>
    public sealed record RolloutCounty(string Code, string Name, bool CountsTowardPlan, bool Enabled, DateOnly? Since,
        bool InForce, int? Declarations, int? Certificates);

    public static async Task<IResult> HandleAsync(string? asOf, string? region, HubDbContext db, TimeProvider time,
        IOptions<RolloutOptions> options, CancellationToken ct)
    {
        var day = CountyRolloutRules.ChinaDate(time.GetUtcNow());
        if (asOf is not null && !DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            return Results.Problem(statusCode: 400, title: "AS_OF_INVALID", detail: $"asOf must be a date yyyy-MM-dd, got '{asOf}'");
        if (region is not null && (region.Length is not (2 or 4) || !region.All(char.IsAsciiDigit)))
            return Results.Problem(statusCode: 400, title: "REGION_INVALID", detail: "region must be a province (2 digits) or prefecture (4 digits) code");

        var prefectures = (await RolloutCounties.LoadAsync(db, ct))
            .Where(p => region is null || p.Code.StartsWith(region, StringComparison.Ordinal)).ToList();
        var rollouts = await db.CountyRollouts.AsNoTracking().ToDictionaryAsync(r => r.CountyCode, ct);
        var counts = await CountSinceSwitchOnAsync(db, day, ct);
        var milestones = RolloutMilestones.ForYear(options.Value, day.Year);

        var rows = new List<RolloutPrefecture>(prefectures.Count);
        foreach (var prefecture in prefectures)
        {
            var counted = prefecture.Counties.Where(c => c.CountsTowardPlan).ToList();
            int EnabledBy(DateOnly date) => counted.Count(c => rollouts.GetValueOrDefault(c.Code) is { Enabled: true } r && r.Since <= date);

            var enabled = EnabledBy(day);
            var verdicts = milestones.Select(m =>
            {
                var date = m.In(day.Year);
                var required = m.Required(counted.Count);
                var by = EnabledBy(date);
                return new RolloutMilestone(date, m.Rule, m.Share, required, by, by >= required, date > day);
            }).ToList();
            var countyRows = prefecture.Counties.Select(c =>
            {
                var r = rollouts.GetValueOrDefault(c.Code);
                var n = counts.GetValueOrDefault(c.Code);
                return new RolloutCounty(c.Code, c.Name, c.CountsTowardPlan, r?.Enabled ?? false, r?.Since,
                    SwitchCounty.InForce(r, day), r is { Enabled: true } ? n?.Declarations ?? 0 : null,
                    r is { Enabled: true } ? n?.Certificates ?? 0 : null);
            }).ToList();
            rows.Add(new RolloutPrefecture(prefecture.Code, prefecture.Name, counted.Count, enabled, Percent(enabled, counted.Count),
                verdicts, countyRows));
        }

        var total = new RolloutTotals(rows.Sum(r => r.Counties), rows.Sum(r => r.Enabled),
            Percent(rows.Sum(r => r.Enabled), rows.Sum(r => r.Counties)));
        return Results.Ok(new RolloutReport(day, day.Year, total, rows));
    }

    private static decimal Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(100m * part / whole, 1);

    private sealed record Counts(string CountyCode, int Declarations, int Certificates);

    /// <summary>Per switched-on county: declarations and certificates from its Since (China midnight) to the end of asOf.</summary>
    private static async Task<Dictionary<string, Counts>> CountSinceSwitchOnAsync(HubDbContext db, DateOnly asOf, CancellationToken ct)
    {
        var until = ChinaTime.Midnight(asOf.AddDays(1));
        // Since is a China date: its midnight is 16:00 UTC the day before.
        var rows = await db.Database.SqlQuery<Counts>($"""
            SELECT r.county_code AS "CountyCode",
                   (SELECT count(*)::int FROM declaration d
                     WHERE d.county_code = r.county_code
                       AND d.declared_at >= (r.since::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
                       AND d.declared_at < {until}) AS "Declarations",
                   (SELECT count(*)::int FROM certificate c
                     WHERE c.county_code = r.county_code
                       AND c.issued_at >= (r.since::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
                       AND c.issued_at < {until}) AS "Certificates"
            FROM county_rollout r
            WHERE r.enabled
            """).ToListAsync(ct);
        return rows.ToDictionary(r => r.CountyCode);
    }
}
