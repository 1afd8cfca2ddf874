using System.Text.Json;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.NationalCloud;

/// <summary><see cref="CanonicalFarm"/> → 国家云平台 farm item of POST /api/v1/farms (docs/partners.md, national cloud platform).</summary>
public static class NationalFarmMapping
{
    /// <summary>Validates the canonical farm, maps it, and validates the item against national-cloud/farm-item.</summary>
    public static MappingResult<NationalFarmItem> FromCanonical(CanonicalFarm farm)
    {
        ArgumentNullException.ThrowIfNull(farm);
        var input = CanonicalFarmCheck.Validate(farm);
        if (input.Count > 0)
        {
            return MappingResult<NationalFarmItem>.Fail(input);
        }

        string? phone = null;
        if (farm.Phone is not null && !ChinaPhone.TryToDomestic(farm.Phone, out phone))
        {
            // E.164 allows numbers the platform's domestic notation cannot carry (e.g. a 6-digit service number).
            return MappingResult<NationalFarmItem>.Fail([new Violation("$.phone", ViolationCodes.PhoneInvalid,
                $"'phone' {farm.Phone} is neither a mainland mobile nor a landline with area code.")]);
        }

        var item = new NationalFarmItem
        {
            FarmId = farm.Code,
            FarmName = farm.Name,
            FarmType = farm.Type switch
            {
                FarmType.Farm => "FARM",
                FarmType.Household => "HOUSEHOLD",
                _ => throw new ArgumentOutOfRangeException(nameof(farm), farm.Type, "Unknown farm type."),
            },
            Contact = farm.ContactName,
            Phone = phone,
            CountyCode = farm.CountyCode,
            TownCode = farm.TownshipCode,
            VillageCode = farm.VillageCode,
            Address = farm.Address,
            Longitude = farm.Longitude,
            Latitude = farm.Latitude,
            Species = farm.Stock.Select(s => new NationalSpeciesStock(SpeciesCodes.ToCode(s.Species), s.Count)).ToList(),
            Status = farm.Status switch
            {
                FarmStatus.Active => "ACTIVE",
                FarmStatus.Closed => "CLOSED",
                _ => throw new ArgumentOutOfRangeException(nameof(farm), farm.Status, "Unknown farm status."),
            },
            UpdateTime = ChinaTime.ToText(farm.UpdatedAt),
        };

        var output = ContractValidator.Validate(Contracts.NationalFarmItem, JsonSerializer.Serialize(item, PartnerJson.Options));
        return output.Count == 0 ? MappingResult<NationalFarmItem>.Ok(item) : MappingResult<NationalFarmItem>.Fail(output);
    }
}
