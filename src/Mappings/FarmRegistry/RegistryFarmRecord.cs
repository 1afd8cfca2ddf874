using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings.FarmRegistry;

/// <summary>畜禽养殖场户基础信息采集系统 farm record, exactly as the registry writes it (also the 动监e通 yzc/sync row).</summary>
public sealed record RegistryFarmRecord
{
    [JsonPropertyName("yzcbm")] public required string Yzcbm { get; init; }
    [JsonPropertyName("yzcmc")] public string? Yzcmc { get; init; }
    /// <summary>主体类型 "1" 养殖场, "2" 养殖户.</summary>
    [JsonPropertyName("ztlx")] public string? Ztlx { get; init; }
    [JsonPropertyName("fzr")] public string? Fzr { get; init; }
    [JsonPropertyName("lxdh")] public string? Lxdh { get; init; }
    [JsonPropertyName("xzqhdm")] public required string Xzqhdm { get; init; }
    [JsonPropertyName("dz")] public string? Dz { get; init; }
    [JsonPropertyName("jd")] public string? Jd { get; init; }
    [JsonPropertyName("wd")] public string? Wd { get; init; }
    [JsonPropertyName("yzzl")] public IReadOnlyList<RegistryStockItem> Yzzl { get; init; } = [];
    /// <summary>"1" active, "0" closed.</summary>
    [JsonPropertyName("zt")] public required string Zt { get; init; }
    /// <summary>yyyy-MM-dd HH:mm:ss, China Standard Time.</summary>
    [JsonPropertyName("gxsj")] public required string Gxsj { get; init; }
}

/// <summary>养殖种类 one species kept, with 存栏数量 current stock.</summary>
public sealed record RegistryStockItem(
    [property: JsonPropertyName("xmdm")] string Xmdm,
    [property: JsonPropertyName("clsl")] int Clsl);

/// <summary>Body of POST /adapters/farm-registry/farms and of 动监e通 POST /api/yzc/sync.</summary>
public sealed record RegistryRowsBody([property: JsonPropertyName("rows")] IReadOnlyList<RegistryFarmRecord> Rows);

/// <summary>GET /openapi/yzc/list answer.</summary>
public sealed record RegistryPage(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("data")] RegistryPageData? Data);

public sealed record RegistryPageData(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("pageSize")] int PageSize,
    [property: JsonPropertyName("rows")] System.Text.Json.JsonElement Rows);
