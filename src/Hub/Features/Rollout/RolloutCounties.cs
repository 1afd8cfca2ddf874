using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>The current county-level regions the rollout is counted over, grouped under their prefecture (市州).</summary>
public static class RolloutCounties
{
    public sealed record County(string Code, string Name, string PrefectureCode, bool CountsTowardPlan);

    public sealed record Prefecture(string Code, string Name, IReadOnlyList<County> Counties);

    /// <summary>
    /// NBS 统计用区划代码 give economic and high-tech zones county-level codes in the 7x range (220171 长春经济技术开发区).
    /// They are not 县（市、区） of GB/T 2260, so the plan's shares are not counted over them; they may still switch on,
    /// since farms registered there declare under that code.
    /// </summary>
    public static bool IsFunctionalZone(string countyCode) => countyCode.Length == 6 && countyCode[4] == '7';

    public static async Task<IReadOnlyList<Prefecture>> LoadAsync(HubDbContext db, CancellationToken ct)
    {
        var regions = await db.Regions.AsNoTracking()
            .Where(r => r.ValidTo == null && r.Level != RegionLevel.Township)
            .Select(r => new { r.Code, r.Name, r.Level, r.ParentCode })
            .ToListAsync(ct);
        var byCode = regions.ToDictionary(r => r.Code);

        // A county normally hangs under its prefecture. Some (省直辖县级, or a municipality's 市辖区 when a table leaves
        // out the 4-digit level) hang under the province or under nothing: they form a group of their own, keyed by
        // the first four digits of their code, so the province is never counted as one big prefecture.
        var groups = new Dictionary<string, (string Name, List<County> Counties)>();
        foreach (var county in regions.Where(r => r.Level == RegionLevel.County).OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            var parent = county.ParentCode is null ? null : byCode.GetValueOrDefault(county.ParentCode);
            string key, name;
            if (parent?.Level == RegionLevel.Prefecture)
                (key, name) = (parent.Code, parent.Name);
            else
            {
                key = county.Code[..4];
                var province = byCode.GetValueOrDefault(county.Code[..2]);
                name = byCode.GetValueOrDefault(key)?.Name ?? $"{province?.Name}直辖县级";
            }
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = (name, []);
            group.Counties.Add(new County(county.Code, county.Name, key, !IsFunctionalZone(county.Code)));
        }
        return groups.OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Prefecture(g.Key, g.Value.Name, g.Value.Counties)).ToList();
    }

    /// <summary>
    /// A refusal when <paramref name="code"/> is not a current county: 404 for a code the region table does not know,
    /// 422 for one it knows as something else (a township, a prefecture, a county code retired by a merger).
    /// </summary>
    public static async Task<IResult?> RefuseUnlessCountyAsync(HubDbContext db, string code, CancellationToken ct)
    {
        var versions = await db.Regions.AsNoTracking().Where(r => r.Code == code)
            .OrderByDescending(r => r.ValidFrom).ToListAsync(ct);
        if (versions.Any(r => r.ValidTo == null && r.Level == RegionLevel.County)) return null;
        if (versions.Count == 0)
            return Results.Problem(statusCode: 404, title: "COUNTY_UNKNOWN", detail: $"{code} is not a region code the hub knows");
        var latest = versions[0];
        var detail = latest.ValidTo is { } retired
            ? $"{code} {latest.Name} is no longer a current region code (retired {retired:yyyy-MM-dd}); use its successor"
            : $"{code} {latest.Name} is a {latest.Level.ToString().ToLowerInvariant()}, not a county (县、市、区)";
        return Results.Problem(statusCode: 422, title: "COUNTY_UNKNOWN", detail: detail);
    }
}
