using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings;

/// <summary>
/// The one serializer setting for partner-native JSON (registry, 动监e通, national platforms).
/// No naming policy: every partner record names its fields with JsonPropertyName, so a policy could only corrupt them.
/// </summary>
public static class PartnerJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = false,
        // Partners read Chinese names and addresses as they are; \u-escaping them bloats journals and breaks signatures
        // computed over the body text by partners that do not unescape.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
