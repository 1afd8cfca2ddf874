using System.Text.Json;
using System.Text.RegularExpressions;

namespace EarTagTrace.Mappings.Validation;

/// <summary>
/// The fast half of <see cref="ContractValidator"/>: proves a document valid against a contract's schema with one
/// walk of a <see cref="JsonDocument"/>, or says it cannot. It never explains a failure; when it answers false, the
/// full validator runs and names every violation as before. So it may be stricter than the schema (a value it is unsure
/// of sends the document the slow way), but never more lenient: a document it passes has no violation the full
/// validator would report. It knows the keywords the contracts use (type, properties, required, additionalProperties,
/// items, minItems, maxItems, uniqueItems, pattern, minLength, maxLength, minimum, maximum, enum, local $ref); a
/// schema with any other keyword gets no proof, and its documents always take the full validator.
/// </summary>
internal sealed class ValidityProof
{
    private readonly Node _root;

    private ValidityProof(Node root) => _root = root;

    /// <summary>The proof of a schema, or null when the schema uses a keyword this proof does not know.</summary>
    public static ValidityProof? For(string schemaText)
    {
        using var schema = JsonDocument.Parse(schemaText);
        var definitions = new Dictionary<string, Node>(StringComparer.Ordinal);
        var pending = new List<(Node Node, string Name)>();
        if (schema.RootElement.TryGetProperty("definitions", out var defs))
        {
            if (defs.ValueKind != JsonValueKind.Object) return null;
            foreach (var d in defs.EnumerateObject())
            {
                var node = Compile(d.Value, pending, isRoot: false);
                if (node is null) return null;
                definitions[d.Name] = node;
            }
        }
        var root = Compile(schema.RootElement, pending, isRoot: true);
        if (root is null) return null;
        foreach (var (node, name) in pending)
        {
            if (!definitions.TryGetValue(name, out var target)) return null;
            node.Ref = target;
        }
        return new ValidityProof(root);
    }

    /// <summary>True when <paramref name="json"/> is certainly valid; false when it is not, or when this cannot tell.</summary>
    public bool Proves(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Holds(_root, document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            // Not JSON as System.Text.Json reads it (the full validator's reader may be more forgiving), or a string
            // that is not text: no proof either way.
            return false;
        }
    }

    /// <summary>True when <paramref name="element"/> is certainly valid.</summary>
    public bool Proves(JsonElement element)
    {
        try
        {
            return Holds(_root, element);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    [Flags]
    private enum Kinds
    {
        None = 0, String = 1, Integer = 2, Number = 4, Boolean = 8, Null = 16, Object = 32, Array = 64,
        Any = String | Integer | Number | Boolean | Null | Object | Array,
    }

    private sealed class Node
    {
        public Kinds Kinds = Kinds.Any;
        public Node? Ref;
        public Regex? Pattern;
        public int? MinLength, MaxLength, MinItems, MaxItems;
        public decimal? Minimum, Maximum;
        public HashSet<string>? EnumStrings;
        public HashSet<long>? EnumIntegers;
        public Dictionary<string, Node>? Properties;
        public string[] Required = [];
        public bool AdditionalAllowed = true;
        public Node? Items;
        public bool UniqueItems;
    }

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "title", "description", "$comment", "examples", "default" };

    private static Node? Compile(JsonElement s, List<(Node, string)> pending, bool isRoot)
    {
        if (s.ValueKind != JsonValueKind.Object) return null;
        var node = new Node();
        foreach (var p in s.EnumerateObject())
        {
            var v = p.Value;
            switch (p.Name)
            {
                case var annotation when Annotations.Contains(annotation):
                    break;
                case "definitions" when isRoot:
                    break;
                case "type":
                    node.Kinds = Kinds.None;
                    if (v.ValueKind == JsonValueKind.String) node.Kinds = KindOf(v.GetString());
                    else if (v.ValueKind == JsonValueKind.Array)
                        foreach (var t in v.EnumerateArray()) node.Kinds |= t.ValueKind == JsonValueKind.String ? KindOf(t.GetString()) : Kinds.None;
                    if (node.Kinds == Kinds.None) return null;
                    break;
                case "$ref":
                    const string local = "#/definitions/";
                    if (v.ValueKind != JsonValueKind.String || v.GetString() is not { } target || !target.StartsWith(local, StringComparison.Ordinal)) return null;
                    pending.Add((node, target[local.Length..]));
                    break;
                case "pattern" when v.ValueKind == JsonValueKind.String:
                    // The full validator matches with Regex.IsMatch(value, pattern) and default options: the same here.
                    node.Pattern = new Regex(v.GetString()!, RegexOptions.Compiled);
                    break;
                case "minLength" when v.TryGetInt32(out var n): node.MinLength = n; break;
                case "maxLength" when v.TryGetInt32(out var n): node.MaxLength = n; break;
                case "minItems" when v.TryGetInt32(out var n): node.MinItems = n; break;
                case "maxItems" when v.TryGetInt32(out var n): node.MaxItems = n; break;
                case "minimum" when v.TryGetDecimal(out var d): node.Minimum = d; break;
                case "maximum" when v.TryGetDecimal(out var d): node.Maximum = d; break;
                case "uniqueItems" when v.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    node.UniqueItems = v.ValueKind == JsonValueKind.True;
                    break;
                case "enum" when v.ValueKind == JsonValueKind.Array:
                    node.EnumStrings = [];
                    node.EnumIntegers = [];
                    foreach (var e in v.EnumerateArray())
                    {
                        if (e.ValueKind == JsonValueKind.String) node.EnumStrings.Add(e.GetString()!);
                        else if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var i)) node.EnumIntegers.Add(i);
                        // Any other enum member (null, true, 1.5, an object) is simply never proved: stricter, not wrong.
                    }
                    break;
                case "required" when v.ValueKind == JsonValueKind.Array:
                    node.Required = [.. v.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.String ? r.GetString()! : "\0")];
                    if (node.Required.Contains("\0")) return null;
                    break;
                case "properties" when v.ValueKind == JsonValueKind.Object:
                    node.Properties = new Dictionary<string, Node>(StringComparer.Ordinal);
                    foreach (var property in v.EnumerateObject())
                    {
                        var child = Compile(property.Value, pending, isRoot: false);
                        if (child is null) return null;
                        node.Properties[property.Name] = child;
                    }
                    break;
                case "additionalProperties" when v.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    node.AdditionalAllowed = v.ValueKind == JsonValueKind.True;
                    break;
                case "items" when v.ValueKind == JsonValueKind.Object:
                    node.Items = Compile(v, pending, isRoot: false);
                    if (node.Items is null) return null;
                    break;
                default:
                    return null; // a keyword (or a form of one) this proof does not know
            }
        }
        return node;
    }

    private static Kinds KindOf(string? type) => type switch
    {
        "string" => Kinds.String,
        "integer" => Kinds.Integer,
        "number" => Kinds.Number,
        "boolean" => Kinds.Boolean,
        "null" => Kinds.Null,
        "object" => Kinds.Object,
        "array" => Kinds.Array,
        _ => Kinds.None,
    };

    private static bool Holds(Node node, JsonElement e)
    {
        if (node.Ref is { } target && !Holds(target, e)) return false;
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
            {
                if ((node.Kinds & Kinds.String) == 0) return false;
                var s = e.GetString()!;
                if (node.MinLength is { } min && s.Length < min) return false;
                if (node.MaxLength is { } max && s.Length > max) return false;
                if (node.Pattern is { } pattern && !pattern.IsMatch(s)) return false;
                return node.EnumStrings is null || node.EnumStrings.Contains(s);
            }
            case JsonValueKind.Number:
                return Number(node, e);
            case JsonValueKind.True or JsonValueKind.False:
                return (node.Kinds & Kinds.Boolean) != 0 && node.EnumStrings is null;
            case JsonValueKind.Null:
                return (node.Kinds & Kinds.Null) != 0 && node.EnumStrings is null;
            case JsonValueKind.Object:
                return (node.Kinds & Kinds.Object) != 0 && node.EnumStrings is null && Object(node, e);
            case JsonValueKind.Array:
                return (node.Kinds & Kinds.Array) != 0 && node.EnumStrings is null && Array(node, e);
            default:
                return false;
        }
    }

    private static bool Number(Node node, JsonElement e)
    {
        var raw = e.GetRawText();
        var integral = raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
        decimal value;
        if (integral)
        {
            // Past 64 bits the full validator answers "outside the 64-bit integer range": leave that to it.
            if ((node.Kinds & (Kinds.Integer | Kinds.Number)) == 0 || !e.TryGetInt64(out var whole)) return false;
            if (node.EnumStrings is not null && !node.EnumIntegers!.Contains(whole)) return false;
            value = whole;
        }
        else
        {
            // 1.0 may or may not count as an integer: only a schema that allows any number is proved for it.
            if ((node.Kinds & Kinds.Number) == 0 || node.EnumStrings is not null || !e.TryGetDecimal(out value)) return false;
        }
        if (node.Minimum is { } min && value < min) return false;
        return node.Maximum is not { } max || value <= max;
    }

    private static bool Object(Node node, JsonElement e)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            // A name given twice: which value counts depends on the reader, so no proof.
            if (!seen.Add(p.Name)) return false;
            if (node.Properties is not null && node.Properties.TryGetValue(p.Name, out var child))
            {
                if (!Holds(child, p.Value)) return false;
            }
            else if (!node.AdditionalAllowed) return false;
        }
        // Required means present: a required property given as null passes when its type allows null (as the full
        // validator reads the canonical farm's nullable contact fields).
        foreach (var name in node.Required)
        {
            if (!e.TryGetProperty(name, out _)) return false;
        }
        return true;
    }

    private static bool Array(Node node, JsonElement e)
    {
        var count = e.GetArrayLength();
        if (node.MinItems is { } min && count < min) return false;
        if (node.MaxItems is { } max && count > max) return false;
        HashSet<string>? distinct = node.UniqueItems ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var item in e.EnumerateArray())
        {
            if (node.Items is { } items && !Holds(items, item)) return false;
            if (distinct is not null && (item.ValueKind != JsonValueKind.String || !distinct.Add(item.GetString()!))) return false;
        }
        return true;
    }
}
