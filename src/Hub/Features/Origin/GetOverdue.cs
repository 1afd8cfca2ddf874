using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// GET /api/origin/overdue?region=&amp;asOf=: overdue bases grouped per township and collector. Without asOf, the
/// overdue job's last run; with asOf (yyyy-MM-dd), measured for the end of that day.
/// </summary>
public static class GetOverdue
{
    /// <param name="Contact">The person to call (附件2): the township's 具体责任人, else its 牵头负责人, else the county's.</param>
    public sealed record Group(string TownshipCode, string Township, string Collector, int Count, IReadOnlyList<OverdueItem> Items,
        OriginContacts.ToCall? Contact);

    /// <summary>A township or registry farm with no record to be late with (严禁漏采): listed apart from the collectors' groups.</summary>
    public sealed record Uncollected(string TownshipCode, string Township, string Kind, string Entity, string Product, DateOnly Due,
        OriginContacts.ToCall? Contact);

    public sealed record Answer(string Region, DateOnly AsOf, DateTimeOffset? MeasuredAt, int Count, IReadOnlyList<Group> Groups,
        IReadOnlyList<Uncollected> Uncollected);

    public static async Task<IResult> HandleAsync(string? region, string? asOf, StaffScope scope, HubDbContext db, OverdueReport report,
        RegionDirectory regions, TimeProvider time, CancellationToken ct)
    {
        if (region is { } r && !(r.Length is 2 or 6 or 9 && r.All(char.IsAsciiDigit)))
            return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"region {r}: a province, county or township code");
        var narrowed = OriginFilter.Narrow(scope, region);
        if (narrowed is null)
            return Results.Problem(statusCode: 403, title: OriginCodes.OutsideRegionScope, detail: $"region {region} lies outside your scope {scope.Region}");
        if (!GetOriginScope.TryAsOf(asOf, time, out var at, out var date))
            return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"asOf {asOf}: yyyy-MM-dd");

        List<OverdueItem> items;
        DateTimeOffset? measuredAt;
        if (asOf is not null)
        {
            items = await report.MeasureAsync(narrowed, at, date, ct);
            measuredAt = at;
        }
        else
        {
            var prefix = narrowed.Length > 9 ? narrowed[..9] : narrowed;
            var rows = await db.Set<OriginOverdue>().AsNoTracking().Where(o => o.TownshipCode.StartsWith(prefix))
                .OrderBy(o => o.TownshipCode).ThenBy(o => o.Collector).ThenBy(o => o.RecordId).ToListAsync(ct);
            items = rows.Select(o => new OverdueItem(o.RecordId, o.TownshipCode, o.Collector, o.Entity, o.Product, o.Kind, o.Due)).ToList();
            measuredAt = rows.Count > 0 ? rows[0].RunAt : null;
            if (rows.Count > 0) date = rows[0].AsOf;
        }
        var lookup = await regions.GetAsync(ct);
        var contacts = await OriginContacts.ToCallAsync(db, items.Select(i => i.TownshipCode).Distinct().ToList(), ct);
        var groups = items.Where(i => i.RecordId != 0).GroupBy(i => (i.TownshipCode, i.Collector))
            .Select(g => new Group(g.Key.TownshipCode, lookup.NameOf(g.Key.TownshipCode), g.Key.Collector, g.Count(), g.ToList(),
                contacts.GetValueOrDefault(g.Key.TownshipCode)))
            .ToList();
        var uncollected = items.Where(i => i.RecordId == 0)
            .Select(i => new Uncollected(i.TownshipCode, lookup.NameOf(i.TownshipCode), i.Kind, i.Entity, i.Product, i.Due,
                contacts.GetValueOrDefault(i.TownshipCode))).ToList();
        return Results.Ok(new Answer(narrowed, date, measuredAt, items.Count, groups, uncollected));
    }

    public static async Task<IResult> RunAsync(OverdueJob job, CancellationToken ct) =>
        Results.Ok(new { overdue = await job.RunAsync(ct) });
}
