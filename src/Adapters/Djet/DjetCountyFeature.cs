using System.Text.Json.Serialization;

namespace EarTagTrace.Adapters.Djet;

/// <summary>Body of POST /api/county-feature: a county switched the new function on or off (Jilin ear-tag plan, part 三).</summary>
/// <param name="Xzqhdm">6-digit county code 行政区划代码.</param>
/// <param name="Qy">启用 switched on.</param>
/// <param name="Qysj">启用时间 when, yyyy-MM-dd HH:mm:ss CST.</param>
public sealed record DjetCountyFeature(
    [property: JsonPropertyName("xzqhdm")] string Xzqhdm,
    [property: JsonPropertyName("qy")] bool Qy,
    [property: JsonPropertyName("qysj")] string Qysj);
