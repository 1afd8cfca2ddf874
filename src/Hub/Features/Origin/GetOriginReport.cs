using System.Globalization;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;

using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// GET /api/origin/report.xlsx?region=: one workbook with the region's 监管名录 (附件4: every producer of a key
/// product, whatever its size, and whether it is in the collection scope) and its 采集表 (附件1: the in-scope records in
/// the template's columns, so the sheet can be filled further and imported again).
/// </summary>
public static class GetOriginReport
{
    private static readonly string[] ListHeader =
        ["乡镇", "乡镇代码", "主体名称", "主体类型", "联系人", "联系电话", "产品名称", "种养规模", "规模单位", "基地地址", "行政区划代码", "纳入采集范围", "产地收购商"];
    private static readonly double[] ListWidths = [12, 12, 28, 16, 10, 15, 10, 10, 8, 36, 15, 12, 10];
    private static readonly bool[] ListText = [true, true, true, true, true, true, true, false, true, true, true, true, true];

    public static async Task<IResult> HandleAsync(string? region, StaffScope scope, HubDbContext db, RegionDirectory regions, CancellationToken ct)
    {
        var lookup = await regions.GetAsync(ct);
        if (region is null || !(lookup.IsCounty(region) || lookup.IsTownship(region)))
            return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"region {region ?? "(none)"}: a county (6 digits) or township (9 digits) code");
        var narrowed = OriginFilter.Narrow(scope, region);
        if (narrowed is null)
            return Results.Problem(statusCode: 403, title: OriginCodes.OutsideRegionScope, detail: $"region {region} lies outside your scope {scope.Region}");

        var records = await db.Set<OriginRecord>().AsNoTracking().Include(r => r.Entity).Include(r => r.Product)
            .Where(r => r.RegionCode.StartsWith(narrowed))
            .OrderBy(r => r.TownshipCode).ThenBy(r => r.Product.SortOrder).ThenBy(r => r.Entity.Name).ThenBy(r => r.Id)
            .ToListAsync(ct);

        var list = records.Select(r => new object?[]
        {
            lookup.NameOf(r.TownshipCode), r.TownshipCode, r.Entity.Name, OriginVocabulary.Chinese(OriginVocabulary.EntityTypes, r.Entity.Type),
            r.Entity.ContactName, Domestic(r.Entity.Phone), r.Product.Name, r.Scale, OriginVocabulary.Chinese(OriginVocabulary.Units, r.Unit),
            r.BaseAddress, r.RegionCode, OriginScope.InScope(r.Scale, r.Product, r.Entity.Purchaser) ? "是" : "否", r.Entity.Purchaser ? "是" : "否",
        });
        var sheet = records.Where(r => OriginScope.InScope(r.Scale, r.Product, r.Entity.Purchaser)).Select(r => new object?[]
        {
            r.Entity.Name, OriginVocabulary.Chinese(OriginVocabulary.EntityTypes, r.Entity.Type), r.Entity.ContactName, Domestic(r.Entity.Phone),
            r.Product.Name, r.Scale, OriginVocabulary.Chinese(OriginVocabulary.Units, r.Unit), r.BaseAddress, r.RegionCode,
            r.Location is null ? null : Math.Round((decimal)r.Location.X, 6), r.Location is null ? null : Math.Round((decimal)r.Location.Y, 6),
            Date(r.MarketStart), Date(r.MarketEnd),
            r.ProductionMode is { } m ? OriginVocabulary.Chinese(OriginVocabulary.ProductionModes, m) : null,
            string.Join("、", r.TraceMethods.Select(t => OriginVocabulary.Chinese(OriginVocabulary.TraceMethods, t))),
            r.Entity.CreditRating, r.GridSupervisor, Domestic(r.GridSupervisorPhone), r.Collector, Domestic(r.CollectorPhone),
            ChinaTime.ToText(r.CollectedAt),
        });

        var columns = OriginColumns.Template;
        using var buffer = new MemoryStream();
        OriginSheetWriter.Write(buffer,
        [
            new SheetTab("监管名录", ListHeader, ListWidths, ListText, list),
            new SheetTab(OriginSheetWriter.SheetName, columns.Select(c => c.Header).ToList(), columns.Select(c => c.Width).ToList(),
                columns.Select(c => c.Text).ToList(), sheet),
        ]);
        var name = $"{lookup.NameOf(narrowed)}重点农产品产地溯源信息.xlsx";
        return Results.File(buffer.ToArray(), OriginSheetWriter.ContentType, name);
    }

    private static string? Domestic(string? e164) => e164 is null ? null : ChinaPhone.TryToDomestic(e164, out var d) ? d : e164;

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
