namespace EarTagTrace.Mappings.Canonical;

/// <summary>
/// 重点农产品产地溯源信息 one origin record as the hub announces it: one base or plot 基地/地块 of one entity 主体 for
/// one product (and, for crops, one planting cycle 茬次). Field list of interfaces.md §4 and seed 三.
/// </summary>
public sealed record CanonicalOriginRecord
{
    public required long Id { get; init; }
    public required string EntityName { get; init; }
    public required OriginEntityType EntityType { get; init; }
    /// <summary>产地收购商 origin purchaser: always in the collection scope.</summary>
    public bool Purchaser { get; init; }
    public string? ContactName { get; init; }
    /// <summary>E.164 (+86…).</summary>
    public string? Phone { get; init; }
    /// <summary>信用等级 as the county grades it (A, B, C …).</summary>
    public string? CreditRating { get; init; }
    /// <summary>Product code of the product table: cowpea, leek, celery, egg, black-bone-chicken, beef-cattle, meat-sheep, live-pig, ….</summary>
    public required string ProductCode { get; init; }
    public required string ProductName { get; init; }
    public required decimal Scale { get; init; }
    public required ScaleUnit Unit { get; init; }
    public string? BaseAddress { get; init; }
    /// <summary>9-digit township or 12-digit village code.</summary>
    public required string RegionCode { get; init; }
    public decimal? Longitude { get; init; }
    public decimal? Latitude { get; init; }
    public DateOnly? MarketStart { get; init; }
    public DateOnly? MarketEnd { get; init; }
    public ProductionMode? ProductionMode { get; init; }
    public IReadOnlyList<TraceMethod> TraceMethods { get; init; } = [];
    public string? GridSupervisor { get; init; }
    public string? GridSupervisorPhone { get; init; }
    public string? Collector { get; init; }
    public string? CollectorPhone { get; init; }
    public required DateTimeOffset CollectedAt { get; init; }
    /// <summary>The registry farm a livestock record was pre-filled from.</summary>
    public string? FarmCode { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>快速检测 one rapid test of a sampled origin record.</summary>
public sealed record CanonicalRapidTest
{
    public required long Id { get; init; }
    public required long RecordId { get; init; }
    public required string EntityName { get; init; }
    public required string ProductCode { get; init; }
    public required string RegionCode { get; init; }
    /// <summary>样品编号 the sample's number.</summary>
    public required string SampleNo { get; init; }
    /// <summary>检测项目 what was tested, e.g. 有机磷和氨基甲酸酯类农药.</summary>
    public required string Item { get; init; }
    public required RapidTestResult Result { get; init; }
    /// <summary>The reading as the kit shows it (抑制率 45%), if any.</summary>
    public string? Value { get; init; }
    public required DateTimeOffset TestedAt { get; init; }
    public required string Tester { get; init; }
}
