using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.FarmRegistry;

/// <summary>Registry farm record (docs/partners.md, farm registry, also the 动监e通 yzc/sync row) → <see cref="CanonicalFarm"/>.</summary>
public static class RegistryFarmMapping
{
    // China's territory, generously: a coordinate outside it is a swapped or mistyped pair, not a farm.
    private const decimal MinLongitude = 73m, MaxLongitude = 136m, MinLatitude = 3m, MaxLatitude = 54m;

    // Same as PartnerJson.Options but without enforcing `required`: a record missing yzcbm is already refused by the
    // schema, and reading it anyway lets the mapping name the record's other problems in the same answer.
    private static readonly JsonSerializerOptions _lenient = new(PartnerJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                static info =>
                {
                    foreach (var property in info.Properties)
                    {
                        property.IsRequired = false;
                    }
                },
            },
        },
    };

    /// <summary>
    /// Validates <paramref name="record"/> against farm-registry/farm-record, maps it and validates the result against
    /// canonical/farm. Every violation's path starts with <paramref name="path"/> (e.g. "$.rows[7]").
    /// </summary>
    public static MappingResult<CanonicalFarm> ToCanonical(JsonElement record, string path = "$") =>
        ToCanonical(record, path, schemaChecked: false);

    /// <param name="schemaChecked">
    /// The record was already validated against farm-registry/farm-record as part of its message (the push body and the
    /// pull page embed that schema for their rows, and a message whose body fails it is refused before any row is
    /// mapped): the schema is not run a second time.
    /// </param>
    private static MappingResult<CanonicalFarm> ToCanonical(JsonElement record, string path, bool schemaChecked)
    {
        var violations = schemaChecked
            ? []
            : new List<Violation>(ContractValidator.Validate(Contracts.RegistryFarmRecord, record, path));

        RegistryFarmRecord? input;
        try
        {
            input = record.Deserialize<RegistryFarmRecord>(_lenient);
        }
        catch (JsonException)
        {
            // Only reachable when the schema already refused the shape (a value of the wrong JSON type).
            input = null;
        }

        if (input is null)
        {
            if (violations.Count == 0)
            {
                violations.Add(new Violation(path, ViolationCodes.SchemaType, "The farm record must be a JSON object."));
            }

            return MappingResult<CanonicalFarm>.Fail(violations);
        }

        // Map even when the schema refused something, so one answer names every problem of the record.
        var farm = Map(input, path, violations);
        if (farm is null || violations.Count > 0)
        {
            return MappingResult<CanonicalFarm>.Fail(violations);
        }

        var output = CanonicalFarmCheck.Validate(farm, path);
        return output.Count == 0 ? MappingResult<CanonicalFarm>.Ok(farm) : MappingResult<CanonicalFarm>.Fail(output);
    }

    /// <summary>Maps each element of a <c>rows</c> array; element i is reported under "<paramref name="rowsPath"/>[i]".</summary>
    /// <param name="schemaChecked">
    /// The rows were validated with the message that carries them (push body, pull page), whose schema embeds
    /// farm-registry/farm-record for every row: each row is then mapped without a second schema pass.
    /// </param>
    public static IReadOnlyList<MappingResult<CanonicalFarm>> ToCanonicalRows(JsonElement rows, string rowsPath = "$.rows", bool schemaChecked = false)
    {
        var results = new List<MappingResult<CanonicalFarm>>(rows.GetArrayLength());
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            results.Add(ToCanonical(row, $"{rowsPath}[{i++}]", schemaChecked));
        }

        return results;
    }

    private static CanonicalFarm? Map(RegistryFarmRecord r, string path, List<Violation> violations)
    {
        FarmType? type = r.Ztlx switch
        {
            "1" => FarmType.Farm,
            "2" => FarmType.Household,
            _ => null,
        };
        if (type is null && r.Ztlx is null)
        {
            // The canonical farm cannot say "type unknown", and guessing 养殖场 would be a fabricated fact.
            violations.Add(new Violation($"{path}.ztlx", ViolationCodes.FarmTypeMissing,
                "'ztlx' is missing: the farm type (1 养殖场 farm, 2 养殖户 household) is needed."));
        }

        string? phone = null;
        if (string.IsNullOrWhiteSpace(r.Lxdh) || Flagged(violations, $"{path}.lxdh"))
        {
            // Empty phone: an incomplete farm, stored as such; it just may not declare later.
        }
        else if (ChinaPhone.TryToE164(r.Lxdh, out var e164))
        {
            phone = e164;
        }
        else
        {
            violations.Add(new Violation($"{path}.lxdh", ViolationCodes.PhoneInvalid,
                $"'lxdh' \"{r.Lxdh}\" is neither a mobile (138 1234 5678) nor a landline with area code (0431-85551234)."));
        }

        var longitude = Coordinate(r.Jd, "jd", MinLongitude, MaxLongitude, path, violations);
        var latitude = Coordinate(r.Wd, "wd", MinLatitude, MaxLatitude, path, violations);
        if (longitude.HasValue != latitude.HasValue && !Flagged(violations, $"{path}.jd") && !Flagged(violations, $"{path}.wd"))
        {
            var missing = longitude.HasValue ? "wd" : "jd";
            violations.Add(new Violation($"{path}.{missing}", ViolationCodes.CoordIncomplete,
                $"'{missing}' is empty while the other coordinate is given; a location needs both."));
        }

        // "yzzl": null or [null] deserialize to nulls; the schema has already named them.
        var items = r.Yzzl ?? [];
        var stock = new List<SpeciesStock>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null || !SpeciesCodes.TryParse(item.Xmdm, out var species))
            {
                continue; // the schema already named the bad xmdm
            }

            if (stock.Exists(s => s.Species == species))
            {
                violations.Add(new Violation($"{path}.yzzl[{i}].xmdm", ViolationCodes.SpeciesDuplicate,
                    $"'xmdm' {item.Xmdm} appears more than once in 'yzzl'; each species has one 存栏 stock figure."));
                continue;
            }

            stock.Add(new SpeciesStock(species, item.Clsl));
        }

        DateTimeOffset updatedAt = default;
        if (!Flagged(violations, $"{path}.gxsj") && !ChinaTime.TryParse(r.Gxsj, out updatedAt))
        {
            violations.Add(new Violation($"{path}.gxsj", ViolationCodes.TimeInvalid,
                $"'gxsj' \"{r.Gxsj}\" is not a real time of the form yyyy-MM-dd HH:mm:ss."));
        }

        var region = r.Xzqhdm;
        FarmStatus? status = r.Zt switch { "1" => FarmStatus.Active, "0" => FarmStatus.Closed, _ => null };
        if (violations.Count > 0 || type is null || status is null || region is not ({ Length: 9 } or { Length: 12 }))
        {
            return null;
        }

        return new CanonicalFarm
        {
            Code = r.Yzcbm.Trim(),
            Name = Clean(r.Yzcmc),
            Type = type.Value,
            ContactName = Clean(r.Fzr),
            Phone = phone,
            RegionCode = region,
            CountyCode = region[..6],
            TownshipCode = region[..9],
            VillageCode = region.Length == 12 ? region : null,
            Address = Clean(r.Dz),
            Longitude = longitude,
            Latitude = latitude,
            Stock = stock,
            Status = status.Value,
            UpdatedAt = updatedAt,
        };
    }

    private static decimal? Coordinate(string? text, string field, decimal min, decimal max, string path, List<Violation> violations)
    {
        if (string.IsNullOrWhiteSpace(text) || Flagged(violations, $"{path}.{field}"))
        {
            return null;
        }

        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            violations.Add(new Violation($"{path}.{field}", ViolationCodes.CoordOutOfRange,
                $"'{field}' \"{text}\" is not a decimal between {min} and {max} (China's bounds)."));
            return null;
        }

        return value;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool Flagged(List<Violation> violations, string fieldPath) =>
        violations.Exists(v => v.Path == fieldPath);
}
