namespace EarTagTrace.Hub.Features.Origin;

/// <summary>The columns of 重点农产品产地溯源信息采集表 (附件1) in the template's order, then the optional extras.</summary>
public enum OriginColumn
{
    EntityName, EntityType, ContactName, Phone, Product, Scale, Unit, BaseAddress, RegionCode, Longitude, Latitude,
    MarketStart, MarketEnd, ProductionMode, TraceMethods, CreditRating, GridSupervisor, GridSupervisorPhone,
    Collector, CollectorPhone, CollectedAt,
    /// <summary>Not in the template: 产地收购商 是/否, for sheets that list purchasers.</summary>
    Purchaser,
    /// <summary>Not in the template: 养殖场编码, the registry farm a livestock base is.</summary>
    FarmCode,
    /// <summary>地块编号 the template's last, optional column: tells apart plots that share an address.</summary>
    PlotNo,
}

/// <summary>One column: the Chinese header, the JSON field of POST /api/origin/records, and how the template formats it.</summary>
public sealed record OriginColumnInfo(OriginColumn Column, string Header, string Field, bool Required, double Width, bool Text, bool InTemplate = true);

public static class OriginColumns
{
    public static readonly IReadOnlyList<OriginColumnInfo> All =
    [
        new(OriginColumn.EntityName, "主体名称", "entityName", true, 28, true),
        new(OriginColumn.EntityType, "主体类型", "entityType", true, 16, true),
        new(OriginColumn.ContactName, "联系人", "contactName", false, 10, true),
        new(OriginColumn.Phone, "联系电话", "phone", false, 15, true),
        new(OriginColumn.Product, "产品名称", "product", true, 10, true),
        new(OriginColumn.Scale, "种养规模", "scale", true, 10, false),
        new(OriginColumn.Unit, "规模单位", "unit", false, 8, true),
        new(OriginColumn.BaseAddress, "基地地址", "baseAddress", false, 36, true),
        new(OriginColumn.RegionCode, "行政区划代码", "regionCode", true, 15, true),
        new(OriginColumn.Longitude, "经度", "longitude", false, 12, false),
        new(OriginColumn.Latitude, "纬度", "latitude", false, 12, false),
        new(OriginColumn.MarketStart, "预计上市时间", "marketStart", false, 13, true),
        new(OriginColumn.MarketEnd, "预计下市时间", "marketEnd", false, 13, true),
        new(OriginColumn.ProductionMode, "生产方式", "productionMode", false, 9, true),
        new(OriginColumn.TraceMethods, "追溯方式", "traceMethods", false, 26, true),
        new(OriginColumn.CreditRating, "信用等级", "creditRating", false, 9, true),
        new(OriginColumn.GridSupervisor, "网格化监管员", "gridSupervisor", false, 12, true),
        new(OriginColumn.GridSupervisorPhone, "监管员电话", "supervisorPhone", false, 15, true),
        new(OriginColumn.Collector, "信息采集员", "collector", false, 12, true),
        new(OriginColumn.CollectorPhone, "采集员电话", "collectorPhone", false, 15, true),
        new(OriginColumn.CollectedAt, "采集时间", "collectedAt", false, 20, true),
        new(OriginColumn.Purchaser, "产地收购商", "purchaser", false, 10, true, InTemplate: false),
        new(OriginColumn.FarmCode, "养殖场编码", "farmCode", false, 18, true, InTemplate: false),
        new(OriginColumn.PlotNo, "地块编号", "plotNo", false, 12, true),
    ];

    public static readonly IReadOnlyList<OriginColumnInfo> Template = All.Where(c => c.InTemplate).ToList();

    public static string HeaderOf(OriginColumn column) => All[(int)column].Header;

    /// <summary>A header cell → its column: the Chinese header or the JSON field name, ignoring spaces, '*' and a bracketed hint.</summary>
    public static OriginColumn? Match(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var cut = header.IndexOfAny(['(', '（', '\n', '[', '【']);
        var name = new string((cut > 0 ? header[..cut] : header).Where(c => !char.IsWhiteSpace(c) && c is not '*' and not '_').ToArray());
        foreach (var info in All)
        {
            if (name == info.Header || string.Equals(name, info.Field, StringComparison.OrdinalIgnoreCase)) return info.Column;
        }
        return null;
    }

    /// <summary>The template's example row and any row a person wants left out start with "示例" or "#".</summary>
    public static bool IsMarkedSkip(string? firstCell) =>
        firstCell is not null && (firstCell.TrimStart().StartsWith("示例", StringComparison.Ordinal) || firstCell.TrimStart().StartsWith('#'));
}
