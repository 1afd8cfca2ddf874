using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using static EarTagTrace.Hub.Features.Rollout.GetRolloutReport;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>
/// GET /api/rollout/acceptance/{prefecture}?asOf=yyyy-MM-dd&amp;format=xlsx: the 验收 report of one prefecture (市州),
/// each county with what it did and its verdict, as JSON or as an .xlsx to hand on.
/// </summary>
public static class GetAcceptanceReport
{
    public sealed record AcceptanceCounty(RolloutCounty County, bool Passed, IReadOnlyList<string> Problems);

    public sealed record AcceptanceReport(string Prefecture, string Name, DateOnly AsOf, DateOnly AcceptanceDate, DateOnly Deadline,
        int Counties, int Passed, IReadOnlyList<RolloutMilestone> Milestones, PreparationMilestone Preparation,
        IReadOnlyList<AcceptanceCounty> CountyList);

    public static async Task<IResult> HandleAsync(string prefecture, string? asOf, string? format, StaffScope scope, HubDbContext db,
        TimeProvider time, IOptions<RolloutOptions> options, CancellationToken ct)
    {
        if (ParseDay(asOf, time) is not { } day)
            return Results.Problem(statusCode: 400, title: "AS_OF_INVALID", detail: $"asOf must be a date yyyy-MM-dd, got '{asOf}'");
        if (format is not (null or "json" or "xlsx"))
            return Results.Problem(statusCode: 400, title: "FORMAT_INVALID", detail: $"format is json or xlsx, got '{format}'");
        if (prefecture.Length != 4 || !prefecture.All(char.IsAsciiDigit))
            return Results.Problem(statusCode: 400, title: "REGION_INVALID", detail: "prefecture is a 4-digit code (2201 长春市)");
        if (!scope.Overlaps(prefecture))
            return StaffScope.NotFound("PREFECTURE_UNKNOWN", $"no prefecture {prefecture} in your scope");

        var report = await LoadAsync(db, day, prefecture, options.Value, ct);
        if (report.Prefectures.SingleOrDefault(p => p.Code == prefecture) is not { } row)
            return StaffScope.NotFound("PREFECTURE_UNKNOWN", $"no prefecture {prefecture} in the region table");
        var acceptance = Build(row, day, RolloutMilestones.ForYear(options.Value, day.Year));
        return format == "xlsx"
            ? Results.File(AcceptanceSheet.Write(acceptance), AcceptanceSheet.ContentType, $"验收-{row.Code}-{row.Name}-{day:yyyyMMdd}.xlsx")
            : Results.Ok(acceptance);
    }

    public static AcceptanceReport Build(RolloutPrefecture prefecture, DateOnly asOf, IReadOnlyList<MilestoneRule> milestones)
    {
        var deadline = milestones.Count > 0 ? milestones[^1].In(asOf.Year) : new DateOnly(asOf.Year, 10, 30);
        var counties = prefecture.CountyList.Select(c =>
        {
            var verdict = RolloutAcceptance.Judge(c, deadline);
            return new AcceptanceCounty(c, verdict.Passed, verdict.Problems);
        }).ToList();
        return new AcceptanceReport(prefecture.Code, prefecture.Name, asOf, RolloutMilestones.AcceptanceIn(asOf.Year), deadline,
            prefecture.Counties, counties.Count(c => c.County.CountsTowardPlan && c.Passed), prefecture.Milestones,
            prefecture.Preparation, counties);
    }
}
