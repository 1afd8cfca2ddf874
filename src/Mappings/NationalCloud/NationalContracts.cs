using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings.NationalCloud;

/// <summary>国家云平台 farm item of POST /api/v1/farms (the platform's own English names).</summary>
public sealed record NationalFarmItem
{
    [JsonPropertyName("farmId")] public required string FarmId { get; init; }
    [JsonPropertyName("farmName")] public string? FarmName { get; init; }
    /// <summary>"FARM" or "HOUSEHOLD".</summary>
    [JsonPropertyName("farmType")] public required string FarmType { get; init; }
    [JsonPropertyName("contact")] public string? Contact { get; init; }
    /// <summary>Domestic notation: 11-digit mobile, or area code-number for a landline.</summary>
    [JsonPropertyName("phone")] public string? Phone { get; init; }
    [JsonPropertyName("countyCode")] public required string CountyCode { get; init; }
    [JsonPropertyName("townCode")] public required string TownCode { get; init; }
    [JsonPropertyName("villageCode")] public string? VillageCode { get; init; }
    [JsonPropertyName("address")] public string? Address { get; init; }
    [JsonPropertyName("longitude")] public decimal? Longitude { get; init; }
    [JsonPropertyName("latitude")] public decimal? Latitude { get; init; }
    [JsonPropertyName("species")] public IReadOnlyList<NationalSpeciesStock> Species { get; init; } = [];
    /// <summary>"ACTIVE" or "CLOSED".</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    /// <summary>yyyy-MM-dd HH:mm:ss, China Standard Time.</summary>
    [JsonPropertyName("updateTime")] public required string UpdateTime { get; init; }
}

public sealed record NationalSpeciesStock(
    [property: JsonPropertyName("speciesCode")] string SpeciesCode,
    [property: JsonPropertyName("stockCount")] int StockCount);

/// <summary>Every batch upload: at most 500 items.</summary>
public sealed record NationalBatch<T>(
    [property: JsonPropertyName("provinceCode")] string ProvinceCode,
    [property: JsonPropertyName("items")] IReadOnlyList<T> Items);

public sealed record NationalAnswer(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("data")] NationalAnswerData? Data);

public sealed record NationalAnswerData(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("duplicate")] int Duplicate,
    [property: JsonPropertyName("rejected")] IReadOnlyList<NationalRejectedItem>? Rejected);

public sealed record NationalRejectedItem(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>GET /api/v1/reconcile: how many distinct ids the platform holds for a type, county and day, and their digest.</summary>
public sealed record NationalReconcileAnswer(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("data")] NationalReconcileData? Data);

public sealed record NationalReconcileData(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("digest")] string Digest);

public sealed record NationalTokenAnswer(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>Business codes of the national platforms' answer envelope.</summary>
public static class NationalCodes
{
    public const string Success = "0000";
    public const string TokenInvalid = "1001";
    public const string ItemInvalid = "2001";
    public const string Busy = "5000";
}
