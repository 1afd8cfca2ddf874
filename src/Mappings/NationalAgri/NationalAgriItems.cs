using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings.NationalAgri;

/// <summary>国家农产品质量安全追溯管理信息平台 item of POST /api/v1/origin/records (interfaces.md §4).</summary>
public sealed record NationalOriginRecordItem
{
    /// <summary>The hub's record id: one base/plot, product and cycle; a changed record is sent again under it.</summary>
    [JsonPropertyName("recordId")] public required string RecordId { get; init; }
    [JsonPropertyName("entityName")] public required string EntityName { get; init; }
    /// <summary>ENTERPRISE, COOPERATIVE, FAMILY_FARM or HOUSEHOLD.</summary>
    [JsonPropertyName("entityType")] public required string EntityType { get; init; }
    [JsonPropertyName("purchaser")] public required bool Purchaser { get; init; }
    [JsonPropertyName("contactName")] public string? ContactName { get; init; }
    [JsonPropertyName("contactPhone")] public string? ContactPhone { get; init; }
    [JsonPropertyName("productCode")] public required string ProductCode { get; init; }
    [JsonPropertyName("productName")] public required string ProductName { get; init; }
    [JsonPropertyName("scale")] public required decimal Scale { get; init; }
    /// <summary>MU, HEAD or BIRD.</summary>
    [JsonPropertyName("unit")] public required string Unit { get; init; }
    [JsonPropertyName("baseAddress")] public string? BaseAddress { get; init; }
    [JsonPropertyName("regionCode")] public required string RegionCode { get; init; }
    [JsonPropertyName("countyCode")] public required string CountyCode { get; init; }
    [JsonPropertyName("longitude")] public decimal? Longitude { get; init; }
    [JsonPropertyName("latitude")] public decimal? Latitude { get; init; }
    /// <summary>yyyy-MM-dd.</summary>
    [JsonPropertyName("marketStart")] public string? MarketStart { get; init; }
    [JsonPropertyName("marketEnd")] public string? MarketEnd { get; init; }
    /// <summary>OPEN_FIELD or FACILITY.</summary>
    [JsonPropertyName("productionMode")] public string? ProductionMode { get; init; }
    [JsonPropertyName("traceMethods")] public required IReadOnlyList<string> TraceMethods { get; init; }
    [JsonPropertyName("creditRating")] public string? CreditRating { get; init; }
    [JsonPropertyName("gridSupervisor")] public string? GridSupervisor { get; init; }
    [JsonPropertyName("gridSupervisorPhone")] public string? GridSupervisorPhone { get; init; }
    [JsonPropertyName("collector")] public string? Collector { get; init; }
    [JsonPropertyName("collectorPhone")] public string? CollectorPhone { get; init; }
    /// <summary>yyyy-MM-dd HH:mm:ss, China Standard Time.</summary>
    [JsonPropertyName("collectedAt")] public required string CollectedAt { get; init; }
    [JsonPropertyName("updateTime")] public required string UpdateTime { get; init; }
}

/// <summary>国家农产品质量安全追溯管理信息平台 item of POST /api/v1/rapid-tests.</summary>
public sealed record NationalRapidTestItem
{
    [JsonPropertyName("testId")] public required string TestId { get; init; }
    [JsonPropertyName("recordId")] public required string RecordId { get; init; }
    [JsonPropertyName("entityName")] public required string EntityName { get; init; }
    [JsonPropertyName("productCode")] public required string ProductCode { get; init; }
    [JsonPropertyName("regionCode")] public required string RegionCode { get; init; }
    [JsonPropertyName("countyCode")] public required string CountyCode { get; init; }
    [JsonPropertyName("sampleNo")] public required string SampleNo { get; init; }
    [JsonPropertyName("testItem")] public required string TestItem { get; init; }
    /// <summary>PASS or FAIL.</summary>
    [JsonPropertyName("result")] public required string Result { get; init; }
    [JsonPropertyName("value")] public string? Value { get; init; }
    [JsonPropertyName("tester")] public required string Tester { get; init; }
    /// <summary>yyyy-MM-dd HH:mm:ss, China Standard Time.</summary>
    [JsonPropertyName("testTime")] public required string TestTime { get; init; }
}
