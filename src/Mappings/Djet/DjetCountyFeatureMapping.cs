using System.Text.Json;
using System.Text.Json.Serialization;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>Body of 动监e通 POST /api/county-feature: a county switched the new function on or off (Jilin ear-tag plan, part 三).</summary>
/// <param name="Xzqhdm">行政区划代码 6-digit county code.</param>
/// <param name="Qy">启用 switched on.</param>
/// <param name="Qysj">启用时间 since when, yyyy-MM-dd HH:mm:ss China Standard Time.</param>
public sealed record DjetCountyFeatureBody(
    [property: JsonPropertyName("xzqhdm")] string Xzqhdm,
    [property: JsonPropertyName("qy")] bool Qy,
    [property: JsonPropertyName("qysj")] string Qysj);

/// <summary>A county's rollout switch → <see cref="DjetCountyFeatureBody"/> for 动监e通 (docs/partners.md, 动监e通).</summary>
public static class DjetCountyFeatureMapping
{
    /// <summary>Maps the switch and validates the body, as serialized with <see cref="PartnerJson.Options"/>, against djet/county-feature.</summary>
    public static MappingResult<DjetCountyFeatureBody> FromCanonical(string countyCode, bool enabled, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(countyCode);
        var body = new DjetCountyFeatureBody(countyCode, enabled, ChinaTime.ToText(since));
        var output = ContractValidator.Validate(Contracts.DjetCountyFeature, JsonSerializer.Serialize(body, PartnerJson.Options));
        return output.Count == 0 ? MappingResult<DjetCountyFeatureBody>.Ok(body) : MappingResult<DjetCountyFeatureBody>.Fail(output);
    }
}
