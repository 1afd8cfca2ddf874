using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>Why a patch was refused: the operation's index, and whether the patch itself is wrong or does not fit.</summary>
public sealed class JsonPatchException(string code, int operation, string message) : Exception(message)
{
    /// <summary><see cref="JsonPatch.Invalid"/>, <see cref="JsonPatch.NotApplicable"/> or <see cref="JsonPatch.TestFailed"/>.</summary>
    public string Code { get; } = code;
    public int Operation { get; } = operation;
}

/// <summary>
/// RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over System.Text.Json nodes, with RFC 6901 pointers.
/// Written here rather than taken from Microsoft.AspNetCore.JsonPatch.SystemTextJson, whose adapters patch typed
/// objects: a journal body is partner JSON with no .NET type, and the edit must apply exactly as the RFC says (array
/// "-", test by value, move not into its own child, an operation failing leaves the document untouched).
/// </summary>
public static class JsonPatch
{
    public const string Invalid = "PATCH_INVALID";
    public const string NotApplicable = "PATCH_NOT_APPLICABLE";
    public const string TestFailed = "PATCH_TEST_FAILED";
    public const int MaxOperations = 500;

    /// <summary>The patched copy of <paramref name="document"/> (which is not changed).</summary>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        if (patch is not JsonArray ops)
            throw new JsonPatchException(Invalid, -1, "a patch is a JSON array of operations (RFC 6902)");
        if (ops.Count > MaxOperations)
            throw new JsonPatchException(Invalid, -1, $"a patch holds at most {MaxOperations} operations");
        var doc = document?.DeepClone();
        for (var i = 0; i < ops.Count; i++)
            doc = ApplyOne(doc, ops[i] as JsonObject ?? throw new JsonPatchException(Invalid, i, $"operation {i} is not an object"), i);
        return doc;
    }

    private static JsonNode? ApplyOne(JsonNode? doc, JsonObject op, int i)
    {
        var name = Text(op, "op", i);
        var path = Pointer(Text(op, "path", i), i);
        switch (name)
        {
            case "add":
                return Add(doc, path, Value(op, i), i);
            case "remove":
                return Remove(doc, path, i, out _);
            case "replace":
                if (path.Length == 0) return Value(op, i);
                Get(doc, path, i);
                doc = Remove(doc, path, i, out _);
                return Add(doc, path, Value(op, i), i);
            case "move":
            {
                var from = Pointer(Text(op, "from", i), i);
                if (from.Length < path.Length && path.Take(from.Length).SequenceEqual(from))
                    throw new JsonPatchException(Invalid, i, $"operation {i}: a value cannot be moved into one of its own children");
                if (from.SequenceEqual(path)) return doc;
                doc = Remove(doc, from, i, out var moved);
                return Add(doc, path, moved, i);
            }
            case "copy":
                return Add(doc, path, Get(doc, Pointer(Text(op, "from", i), i), i)?.DeepClone(), i);
            case "test":
                if (!JsonNode.DeepEquals(Get(doc, path, i), Value(op, i)))
                    throw new JsonPatchException(TestFailed, i, $"operation {i}: the value at {Text(op, "path", i)} is not the one the test expects");
                return doc;
            default:
                throw new JsonPatchException(Invalid, i, $"operation {i}: op must be add, remove, replace, move, copy or test, not '{name}'");
        }
    }

    private static string Text(JsonObject op, string member, int i) =>
        op[member] is JsonValue v && v.TryGetValue<string>(out var text)
            ? text
            : throw new JsonPatchException(Invalid, i, $"operation {i} needs \"{member}\" as a string");

    private static JsonNode? Value(JsonObject op, int i) =>
        op.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new JsonPatchException(Invalid, i, $"operation {i} ({op["op"]}) needs \"value\"");

    /// <summary>RFC 6901: "" is the whole document; otherwise "/" then tokens with ~1 for "/" and ~0 for "~".</summary>
    private static string[] Pointer(string pointer, int i)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw new JsonPatchException(Invalid, i, $"operation {i}: '{pointer}' is not a JSON pointer (it must start with /)");
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }

    private static JsonNode? Get(JsonNode? doc, string[] path, int i)
    {
        var node = doc;
        foreach (var token in path)
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when Index(token, a.Count - 1) is { } index => a[index],
                _ => throw Missing(path, i),
            };
        }
        return node;
    }

    private static JsonNode? Add(JsonNode? doc, string[] path, JsonNode? value, int i)
    {
        if (path.Length == 0) return value;
        var parent = Get(doc, path[..^1], i);
        var last = path[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when Index(last, a.Count) is { } index:
                a.Insert(index, value);
                break;
            default:
                throw Missing(path, i);
        }
        return doc;
    }

    private static JsonNode? Remove(JsonNode? doc, string[] path, int i, out JsonNode? removed)
    {
        if (path.Length == 0) throw new JsonPatchException(Invalid, i, $"operation {i}: the whole document cannot be removed");
        var parent = Get(doc, path[..^1], i);
        var last = path[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out removed):
                o.Remove(last);
                break;
            case JsonArray a when Index(last, a.Count - 1) is { } index:
                removed = a[index];
                a.RemoveAt(index);
                break;
            default:
                throw Missing(path, i);
        }
        return doc;
    }

    /// <summary>An array index as RFC 6901 writes it (no sign, no leading zero), at most <paramref name="max"/>.</summary>
    private static int? Index(string token, int max) =>
        token.Length > 0 && token.All(char.IsAsciiDigit) && (token.Length == 1 || token[0] != '0')
        && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index <= max
            ? index
            : null;

    private static JsonPatchException Missing(string[] path, int i) =>
        new(NotApplicable, i, $"operation {i}: nothing at /{string.Join('/', path.Select(t => t.Replace("~", "~0").Replace("/", "~1")))} in the message");

    /// <summary>The body as JSON, or null when it is not JSON (a stock sheet is CSV).</summary>
    public static JsonNode? ParseBody(string body, out bool isJson)
    {
        try
        {
            isJson = true;
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            isJson = false;
            return null;
        }
    }
}
