using System.Globalization;
using System.Text.Json.Nodes;

namespace EarTagTrace.Hub.Tests.Edge;

/// <summary>
/// Well-formed but unusual values for a field or parameter of a given OpenAPI (JSON Schema) type: times in China's own
/// offset, in New York's and in UTC, and dates alone; Chinese text, full-width digits, emoji and other 4-byte UTF-8;
/// strings at their maximum length; integers at their bounds. Not the malformed corpus (HostileInputs): every value here
/// is one a real caller could send.
/// </summary>
public static class UnusualValues
{
    public static readonly string[] Times =
    [
        "2026-12-01T00:00:00+08:00", "2026-11-30T11:00:00-05:00", "2026-11-30T16:00:00Z", "2026-12-01", "2026-12-01 08:00:00",
    ];

    public static readonly string[] Texts =
    [
        "农安县合隆镇陈家店村",   // CJK
        "２２０１２２",           // full-width digits
        "FR２２０１２２１００００１",
        "🐄🐖🐑",                // emoji, 4-byte UTF-8
        "𠀀𪚥𡃁",                // CJK extension B, 4-byte UTF-8
        "豬👨‍👩‍👧牛",           // a joined emoji sequence between CJK
        "١٢٣",                  // Arabic-Indic digits
    ];

    public static readonly long[] Int32Bounds = [int.MaxValue, int.MinValue, 0, -1];
    public static readonly long[] Int64Bounds = [long.MaxValue, long.MinValue, 0, -1];
    public static readonly string[] Decimals = ["0", "-1", "79228162514264337593543950335", "0.0000001", "1E+300"];

    /// <summary>The kind of a schema, following $ref and OpenAPI 3.1 type arrays (["null","integer"], ["integer","string"]).</summary>
    public static (string Type, string? Format, JsonObject Schema) Kind(JsonNode? schema, JsonObject document)
    {
        var s = Resolve(schema, document);
        if ((s["oneOf"] ?? s["anyOf"]) is JsonArray { Count: > 0 } options
            && options.Select(o => Resolve(o, document)).FirstOrDefault(o => TypeOf(o) is not "null" and not "") is { } alternative)
            s = alternative;
        return (TypeOf(s), (string?)s["format"], s);
    }

    public static JsonObject Resolve(JsonNode? schema, JsonObject document)
    {
        for (var depth = 0; depth < 10 && schema is JsonObject { } o && o["$ref"] is JsonValue r; depth++)
        {
            var path = ((string)r!).TrimStart('#', '/').Split('/');
            JsonNode? node = document;
            foreach (var part in path) node = node?[part.Replace("~1", "/").Replace("~0", "~")];
            schema = node;
        }
        return schema as JsonObject ?? [];
    }

    private static string TypeOf(JsonObject s) => s["type"] switch
    {
        JsonValue v => (string)v!,
        // ["integer","string"] (numbers a reader takes from strings too): the first that is not null.
        JsonArray a => a.Select(t => (string?)t).FirstOrDefault(t => t is not null and not "null") ?? "null",
        _ => s["properties"] is not null ? "object" : s["items"] is not null ? "array" : "",
    };

    /// <summary>The unusual values for a query or path parameter (always text on the wire).</summary>
    public static IEnumerable<(string Name, string Value)> ForParameter(string type, string? format, JsonObject schema)
    {
        foreach (var t in Times) yield return ("time " + t, t);
        foreach (var t in Texts) yield return ("text " + t, t);
        switch (type)
        {
            case "integer":
                foreach (var n in format == "int32" ? Int32Bounds : Int64Bounds) yield return ("bound " + n, n.ToString(CultureInfo.InvariantCulture));
                foreach (var n in Bounds(schema)) yield return ("schema bound " + n, n.ToString(CultureInfo.InvariantCulture));
                break;
            case "number":
                foreach (var d in Decimals) yield return ("number " + d, d);
                break;
            case "boolean":
                yield return ("true", "true");
                yield return ("false", "false");
                break;
            default:
                if (MaxLength(schema) is { } max) yield return ($"max length {max}", new string('路', max));
                yield return ("200 CJK", new string('路', 200));
                break;
        }
    }

    /// <summary>The unusual values for a JSON body field.</summary>
    public static IEnumerable<(string Name, JsonNode? Value)> ForField(string type, string? format, JsonObject schema)
    {
        switch (type)
        {
            case "integer":
                foreach (var n in format == "int32" ? Int32Bounds : Int64Bounds) yield return ("bound " + n, JsonValue.Create(n));
                foreach (var n in Bounds(schema)) yield return ("schema bound " + n, JsonValue.Create(n));
                break;
            case "number":
                foreach (var d in Decimals) yield return ("number " + d, JsonNode.Parse(d));
                break;
            case "boolean":
                yield return ("true", JsonValue.Create(true));
                yield return ("false", JsonValue.Create(false));
                break;
            case "array" or "object":
                break;
            default:
                foreach (var t in Times) yield return ("time " + t, JsonValue.Create(t));
                if (format is "date-time" or "date") break;
                foreach (var t in Texts) yield return ("text " + t, JsonValue.Create(t));
                if (MaxLength(schema) is { } max)
                {
                    yield return ($"max length {max}", JsonValue.Create(new string('路', max)));
                    yield return ($"max length {max} in 4-byte characters", JsonValue.Create(string.Concat(Enumerable.Repeat("𠀀", max / 2))));
                }
                else yield return ("200 CJK", JsonValue.Create(new string('路', 200)));
                break;
        }
    }

    /// <summary>A plain value of the type, for the fields a variant leaves alone.</summary>
    public static JsonNode? Plain(string type, string? format, JsonObject schema, JsonObject document, int depth)
    {
        if (schema["enum"] is JsonArray { Count: > 0 } values) return values[0]?.DeepClone();
        return type switch
        {
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(1.5m),
            "boolean" => JsonValue.Create(false),
            "array" when depth < 3 => new JsonArray(PlainOf(schema["items"], document, depth + 1)),
            "array" => new JsonArray(),
            "object" when depth < 3 => PlainObject(schema, document, depth + 1),
            "object" => new JsonObject(),
            _ => format switch
            {
                "date-time" => "2026-12-01T08:00:00+08:00",
                "date" => "2026-12-01",
                _ => "220122",
            },
        };
    }

    public static JsonNode? PlainOf(JsonNode? schema, JsonObject document, int depth)
    {
        var (type, format, s) = Kind(schema, document);
        return Plain(type, format, s, document, depth);
    }

    public static JsonObject PlainObject(JsonObject schema, JsonObject document, int depth)
    {
        var o = new JsonObject();
        if (schema["properties"] is JsonObject properties)
            foreach (var (name, property) in properties)
                o[name] = PlainOf(property, document, depth);
        return o;
    }

    private static int? MaxLength(JsonObject schema) => schema["maxLength"] is JsonValue v && v.TryGetValue<int>(out var n) && n is > 0 and <= 100_000 ? n : null;

    private static IEnumerable<long> Bounds(JsonObject schema)
    {
        foreach (var key in new[] { "minimum", "maximum" })
            if (schema[key] is JsonValue v && v.TryGetValue<long>(out var n)) yield return n;
    }
}
