using System.Text.Encodings.Web;
using System.Text.Json;

namespace EarTagTrace.Adapters.Common;

/// <summary>
/// Partner JSON settings: names come from the contract attributes (no naming policy) and Chinese text is written
/// as is, because partners compare and display it verbatim.
/// </summary>
// Local stand-in until EarTagTrace.Mappings.PartnerJson.Options exists; switch to it then.
internal static class AdapterJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Refit.RefitSettings RefitSettings() => new(new Refit.SystemTextJsonContentSerializer(Options));
}
