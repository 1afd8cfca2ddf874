using System.Globalization;
using System.Text.Json;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.FarmRegistry;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>
/// <see cref="CanonicalFarm"/> → registry-format row for 动监e通 POST /api/yzc/sync (docs/partners.md, 动监e通): the two
/// systems share farm data through the hub, so 动监e通 receives exactly what the registry would have sent.
/// </summary>
public static class DjetFarmSyncMapping
{
    /// <summary>Validates the canonical farm, maps it, and validates the row against farm-registry/farm-record.</summary>
    public static MappingResult<RegistryFarmRecord> FromCanonical(CanonicalFarm farm)
    {
        ArgumentNullException.ThrowIfNull(farm);
        var input = CanonicalFarmCheck.Validate(farm);
        if (input.Count > 0)
        {
            return MappingResult<RegistryFarmRecord>.Fail(input);
        }

        string? phone = null;
        if (farm.Phone is not null && !ChinaPhone.TryToDomestic(farm.Phone, out phone))
        {
            return MappingResult<RegistryFarmRecord>.Fail([new Violation("$.phone", ViolationCodes.PhoneInvalid,
                $"'phone' {farm.Phone} is neither a mainland mobile nor a landline with area code.")]);
        }

        var row = new RegistryFarmRecord
        {
            Yzcbm = farm.Code,
            Yzcmc = farm.Name,
            Ztlx = farm.Type switch
            {
                FarmType.Farm => "1",
                FarmType.Household => "2",
                _ => throw new ArgumentOutOfRangeException(nameof(farm), farm.Type, "Unknown farm type."),
            },
            Fzr = farm.ContactName,
            Lxdh = phone,
            Xzqhdm = farm.RegionCode,
            Dz = farm.Address,
            // The registry writes an absent coordinate as an empty string, not null; 动监e通 expects the same.
            Jd = farm.Longitude?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            Wd = farm.Latitude?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            Yzzl = farm.Stock.Select(s => new RegistryStockItem(SpeciesCodes.ToCode(s.Species), s.Count)).ToList(),
            Zt = farm.Status switch
            {
                FarmStatus.Active => "1",
                FarmStatus.Closed => "0",
                _ => throw new ArgumentOutOfRangeException(nameof(farm), farm.Status, "Unknown farm status."),
            },
            Gxsj = ChinaTime.ToText(farm.UpdatedAt),
        };

        var output = ContractValidator.Validate(Contracts.RegistryFarmRecord, JsonSerializer.Serialize(row, PartnerJson.Options));
        return output.Count == 0 ? MappingResult<RegistryFarmRecord>.Ok(row) : MappingResult<RegistryFarmRecord>.Fail(output);
    }
}
