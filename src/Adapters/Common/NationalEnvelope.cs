using System.Text.Json;

namespace EarTagTrace.Adapters.Common;

/// <summary>Peeks at the business code of a national platform answer without consuming it for the caller.</summary>
internal static class NationalEnvelope
{
    /// <summary>The "code" of a 200 JSON answer, or null when there is none (buffers the content so it can be read again).</summary>
    public static async ValueTask<string?> ReadCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != System.Net.HttpStatusCode.OK || response.Content is null)
        {
            return null;
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("code", out var code))
            {
                return null;
            }
            return code.ValueKind switch
            {
                JsonValueKind.String => code.GetString(),
                JsonValueKind.Number => code.GetRawText(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            // Not JSON: the caller's deserialisation reports it; it is neither busy nor a token fault.
            return null;
        }
    }
}
