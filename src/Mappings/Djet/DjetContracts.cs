using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings.Djet;

/// <summary>动监e通 answer to the hub's calls (POST /api/yzc/sync, /api/county-feature).</summary>
public sealed record DjetAnswer(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string? Msg);
