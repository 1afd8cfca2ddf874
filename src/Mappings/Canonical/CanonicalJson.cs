using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings.Canonical;

/// <summary>The one serializer setting for canonical JSON (camelCase names, enums as camelCase strings).</summary>
public static class CanonicalJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // UtcInstantJsonConverter: the canonical contract wants "…Z", which the default writer does not produce.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new UtcInstantJsonConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
