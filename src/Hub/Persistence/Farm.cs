using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Persistence;

/// <summary>养殖场户 a farm as the hub holds it: the canonical farm plus the hub's own bookkeeping.</summary>
public sealed class Farm
{
    public required string Code { get; set; }
    public string? Name { get; set; }
    public FarmType Type { get; set; }
    public string? ContactName { get; set; }
    public string? Phone { get; set; }
    public required string RegionCode { get; set; }
    public required string CountyCode { get; set; }
    public required string TownshipCode { get; set; }
    public string? VillageCode { get; set; }
    public string? Address { get; set; }
    public decimal? Longitude { get; set; }
    public decimal? Latitude { get; set; }
    public FarmStatus Status { get; set; }
    /// <summary>Registry data complete enough to declare (名称、电话、种类、存栏、地址, Jilin ear-tag plan, task 一).</summary>
    public bool IsComplete { get; set; }
    /// <summary>
    /// When the farm data this row holds was last updated (UTC): the registry record's gxsj, or the jzsj of a 动监e通
    /// correction applied since. Newest wins both ways: an older record or correction never overwrites newer data.
    /// </summary>
    public DateTimeOffset RegistryUpdatedAt { get; set; }
    /// <summary>Hash of the canonical content, so an identical record changes nothing and sends nothing.</summary>
    public required string ContentHash { get; set; }
    /// <summary>二维码 the farm's unguessable QR token; rotating it makes the old one stop working.</summary>
    public string? QrToken { get; set; }
    public DateTimeOffset? QrRotatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<FarmStock> Stock { get; set; } = [];
}

/// <summary>存栏 stock of one species on one farm.</summary>
public sealed class FarmStock
{
    public required string FarmCode { get; set; }
    public Species Species { get; set; }
    public int Count { get; set; }
}

/// <summary>
/// 信息完整 the one definition of a complete farm (Jilin ear-tag plan, task 一): name, phone, address, and at least one
/// species with its stock. A farm that is not complete may not declare; the registry push stores the verdict on the farm.
/// </summary>
public static class FarmCompleteness
{
    /// <summary>One thing a farm lacks: the canonical field, the registry's field (yzcmc, lxdh, …) and its Chinese name.</summary>
    public sealed record Gap(string Field, string RegistryField, string Name);

    /// <summary>What is missing, in order; empty when the farm is complete.</summary>
    public static IReadOnlyList<Gap> Missing(string? name, string? phone, string? address, int speciesKept)
    {
        var gaps = new List<Gap>();
        if (string.IsNullOrWhiteSpace(name)) gaps.Add(new("name", "yzcmc", "名称"));
        if (string.IsNullOrWhiteSpace(phone)) gaps.Add(new("phone", "lxdh", "联系电话"));
        if (string.IsNullOrWhiteSpace(address)) gaps.Add(new("address", "dz", "地址"));
        if (speciesKept == 0) gaps.Add(new("species and stock", "yzzl", "养殖种类/存栏"));
        return gaps;
    }

    /// <summary>What is missing, in canonical words; empty when the farm is complete.</summary>
    public static List<string> Gaps(string? name, string? phone, string? address, int speciesKept) =>
        [.. Missing(name, phone, address, speciesKept).Select(g => $"{g.Field} {g.Name}")];

    public static bool IsComplete(string? name, string? phone, string? address, int speciesKept) =>
        Gaps(name, phone, address, speciesKept).Count == 0;
}
