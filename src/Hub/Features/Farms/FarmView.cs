using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Farms;

/// <summary>A farm as the public API shows it.</summary>
public sealed record FarmView(
    string Code, string? Name, FarmType Type, string? ContactName, string? Phone,
    string RegionCode, string CountyCode, string TownshipCode, string? VillageCode, string? Address,
    decimal? Longitude, decimal? Latitude, IReadOnlyList<SpeciesStock> Stock, FarmStatus Status,
    bool IsComplete, DateTimeOffset RegistryUpdatedAt, DateTimeOffset UpdatedAt)
{
    public static FarmView From(Farm f) => new(
        f.Code, f.Name, f.Type, f.ContactName, f.Phone, f.RegionCode, f.CountyCode, f.TownshipCode, f.VillageCode,
        f.Address, f.Longitude, f.Latitude,
        f.Stock.OrderBy(s => s.Species).Select(s => new SpeciesStock(s.Species, s.Count)).ToList(),
        f.Status, f.IsComplete, f.RegistryUpdatedAt, f.UpdatedAt);
}
