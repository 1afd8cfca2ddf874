namespace EarTagTrace.Mappings.Canonical;

/// <summary>畜种 species; the numeric value is the partner code that also leads every ear-tag number.</summary>
public enum Species { Pig = 1, Cattle = 2, Sheep = 3 }

/// <summary>主体类型: 养殖场 farm or 养殖户 household.</summary>
public enum FarmType { Farm, Household }

public enum FarmStatus { Active, Closed }

/// <summary>存栏 current stock of one species.</summary>
public sealed record SpeciesStock(Species Species, int Count);

/// <summary>养殖场户 the hub's canonical farm. Times are UTC; phone is E.164 (+86…).</summary>
public sealed record CanonicalFarm
{
    public required string Code { get; init; }
    public string? Name { get; init; }
    public FarmType Type { get; init; }
    public string? ContactName { get; init; }
    public string? Phone { get; init; }
    /// <summary>The most precise region the partner gave: 9-digit township or 12-digit village.</summary>
    public required string RegionCode { get; init; }
    public required string CountyCode { get; init; }
    public required string TownshipCode { get; init; }
    public string? VillageCode { get; init; }
    public string? Address { get; init; }
    public decimal? Longitude { get; init; }
    public decimal? Latitude { get; init; }
    public IReadOnlyList<SpeciesStock> Stock { get; init; } = [];
    public FarmStatus Status { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
