using System.Text.Json;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Canonical;

/// <summary>
/// Validates a <see cref="CanonicalFarm"/> against contracts/canonical/farm.schema.json plus what a schema cannot say:
/// the region codes nest (county ⊂ township ⊂ village) and no species appears twice.
/// </summary>
public static class CanonicalFarmCheck
{
    public static IReadOnlyList<Violation> Validate(CanonicalFarm farm, string pathPrefix = "$")
    {
        ArgumentNullException.ThrowIfNull(farm);
        var json = JsonSerializer.Serialize(farm, CanonicalJson.Options);
        var violations = new List<Violation>(ContractValidator.Validate(Contracts.CanonicalFarm, json, pathPrefix));

        if (farm.TownshipCode is { Length: 9 } township && farm.CountyCode is { Length: 6 } county
            && !township.StartsWith(county, StringComparison.Ordinal))
        {
            violations.Add(new Violation($"{pathPrefix}.townshipCode", ViolationCodes.RegionInconsistent,
                $"'townshipCode' {township} does not lie in county {county}."));
        }

        if (farm.VillageCode is { } village && !village.StartsWith(farm.TownshipCode ?? "", StringComparison.Ordinal))
        {
            violations.Add(new Violation($"{pathPrefix}.villageCode", ViolationCodes.RegionInconsistent,
                $"'villageCode' {village} does not lie in township {farm.TownshipCode}."));
        }

        var mostPrecise = farm.VillageCode ?? farm.TownshipCode;
        if (farm.RegionCode != mostPrecise)
        {
            violations.Add(new Violation($"{pathPrefix}.regionCode", ViolationCodes.RegionInconsistent,
                $"'regionCode' {farm.RegionCode} must equal the most precise of villageCode/townshipCode ({mostPrecise})."));
        }

        var seen = new HashSet<Species>();
        for (var i = 0; i < farm.Stock.Count; i++)
        {
            if (!seen.Add(farm.Stock[i].Species))
            {
                violations.Add(new Violation($"{pathPrefix}.stock[{i}].species", ViolationCodes.SpeciesDuplicate,
                    $"'species' {farm.Stock[i].Species} appears more than once in 'stock'."));
            }
        }

        return violations;
    }
}
