using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Registry;

namespace EarTagTrace.Simulator.National;

/// <summary>How a national platform recognises an item: its id, its duplicate key, its county and business date.</summary>
internal static class ItemIdentity
{
    public static string Id(UploadType type, JsonObject item)
    {
        foreach (var field in type.IdFields)
        {
            if (Text(item, field) is { Length: > 0 } id)
                return id;
        }
        // Item formats still being written in contracts/: the first *Id / *No field is the platform's key.
        foreach (var (name, value) in item)
        {
            if ((name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("No", StringComparison.Ordinal))
                && value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0)
                return text;
        }
        return Hash(item);
    }

    /// <summary>Same key = the same item sent again: farmId + updateTime for farms, a hash of the whole item otherwise.</summary>
    public static string DuplicateKey(UploadType type, JsonObject item)
        => type.Type == "farms" ? Id(type, item) + "|" + Text(item, "updateTime") : Hash(item);

    public static string? County(JsonObject item)
    {
        if (Text(item, "countyCode") is { Length: 6 } county)
            return county;
        foreach (var (name, value) in item)
        {
            if (name.EndsWith("Code", StringComparison.OrdinalIgnoreCase) && value is JsonValue v
                && v.TryGetValue<string>(out var text) && text.Length is 6 or 9 or 12 && text.All(char.IsAsciiDigit))
                return text[..6];
        }
        return null;
    }

    public static DateOnly Date(UploadType type, JsonObject item, DateTimeOffset receivedAt)
    {
        foreach (var field in type.DateFields)
        {
            var text = Text(item, field);
            if (FarmDatasetGenerator.TryParseCst(text, out var cst))
                return DateOnly.FromDateTime(cst.DateTime);
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
                return DateOnly.FromDateTime(iso.ToOffset(FarmDatasetGenerator.Cst).DateTime);
        }
        return DateOnly.FromDateTime(receivedAt.ToOffset(FarmDatasetGenerator.Cst).DateTime);
    }

    public static string Hash(JsonObject item)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.ToJsonString())));

    private static string? Text(JsonObject item, string field)
        => item[field] is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
            ? value.ToString()
            : null;
}
