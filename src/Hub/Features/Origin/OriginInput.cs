using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>One checked row of the 采集表 (or one POST /api/origin/records body), ready to write.</summary>
public sealed record OriginInput
{
    public required int Row { get; init; }
    public required string EntityName { get; init; }
    public required OriginEntityType EntityType { get; init; }
    public bool Purchaser { get; init; }
    public string? ContactName { get; init; }
    public string? Phone { get; init; }
    public string? CreditRating { get; init; }
    public required OriginProduct Product { get; init; }
    public required decimal Scale { get; init; }
    public string BaseAddress { get; init; } = "";
    public required string RegionCode { get; init; }
    public decimal? Longitude { get; init; }
    public decimal? Latitude { get; init; }
    public DateOnly? MarketStart { get; init; }
    public DateOnly? MarketEnd { get; init; }
    public ProductionMode? ProductionMode { get; init; }
    public TraceMethod[] TraceMethods { get; init; } = [];
    public string? GridSupervisor { get; init; }
    public string? GridSupervisorPhone { get; init; }
    public string? Collector { get; init; }
    public string? CollectorPhone { get; init; }
    public required DateTimeOffset CollectedAt { get; init; }
    public string? FarmCode { get; init; }
    /// <summary>地块编号 as the sheet gives it, or null.</summary>
    public string? PlotNo { get; init; }

    /// <summary>
    /// 地块 identity within one base address: the plot number when the sheet gives one, else the point (to about a metre),
    /// else "" (a base with one plot). 种养殖主体有多个基地或在同一个基地有多个地块……都要分别采集上来.
    /// </summary>
    public string PlotKey => PlotKeyOf(PlotNo, Longitude, Latitude);

    public static string PlotKeyOf(string? plotNo, decimal? longitude, decimal? latitude) =>
        !string.IsNullOrWhiteSpace(plotNo) ? "no:" + plotNo.Trim()
        : longitude is { } x && latitude is { } y ? FormattableString.Invariant($"pt:{Math.Round(x, 5):0.00000},{Math.Round(y, 5):0.00000}")
        : "";

    public string CountyCode => RegionCode[..6];
    public string TownshipCode => RegionCode[..9];

    /// <summary>茬次: crops are collected once per planting cycle, told apart by their expected market start.</summary>
    public string Cycle => Product.Cadence == OriginCadence.PerCycle && MarketStart is { } start ? start.ToString("yyyy-MM-dd") : "";
}

/// <summary>One fault of a row: the sheet's row number (header = 1; 0 for a JSON body), the column, a reason code, why.</summary>
public sealed record OriginProblem(int? Row, string? Column, string Code, string Detail);

/// <summary>Reason codes of origin input, stable: reports and tests key on them.</summary>
public static class OriginCodes
{
    public const string CellMissing = "CELL_MISSING";
    public const string CellTooLong = "CELL_TOO_LONG";
    public const string EntityTypeInvalid = "ENTITY_TYPE_INVALID";
    public const string ProductUnknown = "PRODUCT_UNKNOWN";
    public const string ScaleInvalid = "SCALE_INVALID";
    public const string UnitMismatch = "UNIT_MISMATCH";
    public const string RegionCodeInvalid = "REGION_CODE_INVALID";
    public const string RegionUnknown = "REGION_UNKNOWN";
    public const string CoordIncomplete = "COORD_INCOMPLETE";
    public const string CoordOutOfRange = "COORD_OUT_OF_RANGE";
    public const string DateInvalid = "DATE_INVALID";
    public const string MarketDatesInverted = "MARKET_DATES_INVERTED";
    public const string ProductionModeInvalid = "PRODUCTION_MODE_INVALID";
    public const string TraceMethodInvalid = "TRACE_METHOD_INVALID";
    public const string PhoneInvalid = "PHONE_INVALID";
    public const string TimeInvalid = "TIME_INVALID";
    public const string PurchaserInvalid = "PURCHASER_INVALID";
    public const string FarmUnknown = "FARM_UNKNOWN";
    public const string FarmNotLivestock = "FARM_NOT_LIVESTOCK";
    public const string OutsideRegionScope = "OUTSIDE_REGION_SCOPE";
    public const string DuplicateRow = "DUPLICATE_ROW";
    public const string RecordUnknown = "RECORD_UNKNOWN";
    public const string FilterInvalid = "FILTER_INVALID";
}
