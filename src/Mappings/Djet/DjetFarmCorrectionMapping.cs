using System.Globalization;
using System.Text.Json.Serialization;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>现场纠正 POST /adapters/djet/farm-corrections, exactly as 动监e通 writes it.</summary>
internal sealed record DjetFarmCorrectionMessage
{
    [JsonPropertyName("jzid")] public string? Jzid { get; init; }
    [JsonPropertyName("yzcbm")] public string? Yzcbm { get; init; }
    [JsonPropertyName("jzsj")] public string? Jzsj { get; init; }
    [JsonPropertyName("gfsy")] public string? Gfsy { get; init; }
    [JsonPropertyName("fzr")] public string? Fzr { get; init; }
    [JsonPropertyName("lxdh")] public string? Lxdh { get; init; }
    [JsonPropertyName("dz")] public string? Dz { get; init; }
    [JsonPropertyName("jd")] public string? Jd { get; init; }
    [JsonPropertyName("wd")] public string? Wd { get; init; }
    [JsonPropertyName("yzzl")] public IReadOnlyList<DjetCorrectedStock?>? Yzzl { get; init; }
}

internal sealed record DjetCorrectedStock
{
    [JsonPropertyName("xmdm")] public string? Xmdm { get; init; }
    [JsonPropertyName("clsl")] public int? Clsl { get; init; }
}

/// <summary>
/// 动监e通 POST /adapters/djet/farm-corrections 现场纠正 (docs/partners.md, 动监e通) → <see cref="CanonicalFarmCorrection"/>.
/// What the schema cannot say is checked here: a correction of nothing (CORRECTION_EMPTY), jd without wd
/// (COORD_INCOMPLETE), a point outside China (COORD_OUT_OF_RANGE), a phone that is no Chinese number (PHONE_INVALID), a
/// species listed twice (SPECIES_DUPLICATE), an impossible jzsj (TIME_INVALID).
/// </summary>
public static class DjetFarmCorrectionMapping
{
    public const string CorrectionEmpty = "CORRECTION_EMPTY";

    private const decimal MinLongitude = 73m, MaxLongitude = 136m, MinLatitude = 3m, MaxLatitude = 54m;

    public static MappingResult<CanonicalFarmCorrection> ToCanonical(PartnerBody body) =>
        DjetInbound.ToCanonical<DjetFarmCorrectionMessage, CanonicalFarmCorrection>(Contracts.DjetFarmCorrection, body, Map);

    /// <summary>The 动监e通 field behind a canonical field named by a reason (Decide names canonical fields).</summary>
    public static string? PartnerPath(string? canonical) => canonical switch
    {
        null => null,
        "FarmCode" => "$.yzcbm",
        "CorrectedAt" => "$.jzsj",
        _ => canonical,
    };

    private static CanonicalFarmCorrection? Map(DjetFarmCorrectionMessage m, List<Violation> violations)
    {
        var at = DjetInbound.Time(m.Jzsj, "$.jzsj", violations);
        if (m.Fzr is null && m.Lxdh is null && m.Dz is null && m.Jd is null && m.Wd is null && m.Yzzl is null)
            violations.Add(new Violation("$", CorrectionEmpty, "a correction names at least one of fzr, lxdh, dz, jd+wd, yzzl"));
        if ((m.Jd is null) != (m.Wd is null))
            violations.Add(new Violation(m.Jd is null ? "$.jd" : "$.wd", ViolationCodes.CoordIncomplete, "'jd' and 'wd' are corrected together"));
        var longitude = Coordinate(m.Jd, "jd", MinLongitude, MaxLongitude, violations);
        var latitude = Coordinate(m.Wd, "wd", MinLatitude, MaxLatitude, violations);

        string? phone = null;
        if (m.Lxdh is not null && !DjetInbound.Flagged(violations, "$.lxdh") && !ChinaPhone.TryToE164(m.Lxdh, out phone))
            violations.Add(new Violation("$.lxdh", ViolationCodes.PhoneInvalid,
                $"'lxdh' \"{m.Lxdh}\" is neither a mainland mobile nor a landline with area code"));

        List<SpeciesStock>? stock = null;
        if (m.Yzzl is { } items)
        {
            stock = [];
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is not { Clsl: { } count } item || DjetInbound.SpeciesOf(item.Xmdm) is not { } species) continue;
                if (stock.Exists(s => s.Species == species))
                    violations.Add(new Violation($"$.yzzl[{i}].xmdm", ViolationCodes.SpeciesDuplicate, $"species {item.Xmdm} is listed twice"));
                else stock.Add(new SpeciesStock(species, count));
            }
        }

        if (violations.Count > 0 || at is not { } correctedAt || m is not { Jzid: { } id, Yzcbm: { } farm, Gfsy: { } vet })
            return null;
        return new CanonicalFarmCorrection
        {
            Id = id.Trim(), FarmCode = farm.Trim(), CorrectedAt = correctedAt, Vet = vet.Trim(),
            ContactName = DjetInbound.Clean(m.Fzr), Phone = phone, Address = DjetInbound.Clean(m.Dz),
            Longitude = longitude, Latitude = latitude, Stock = stock,
        };
    }

    private static decimal? Coordinate(string? text, string field, decimal min, decimal max, List<Violation> violations)
    {
        var path = "$." + field;
        if (text is null || DjetInbound.Flagged(violations, path)) return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
            return value;
        violations.Add(new Violation(path, ViolationCodes.CoordOutOfRange, $"'{field}' \"{text}\" is not a decimal between {min} and {max} (China's bounds)"));
        return null;
    }
}
