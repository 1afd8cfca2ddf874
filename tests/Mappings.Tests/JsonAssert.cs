using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarTagTrace.Mappings.Tests;

/// <summary>Compares JSON as data: key order, whitespace and number notation (35 vs 35.0) do not matter.</summary>
public static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        var e = Normalize(JsonNode.Parse(expected));
        var a = Normalize(JsonNode.Parse(actual));
        Assert.Equal(e, a);
    }

    private static string Normalize(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Normalize(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Normalize)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            // Dividing by 1.000… drops trailing zeros, so 125.1847410 and 125.184741 compare equal.
            (v.GetValue<decimal>() / 1.0000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
