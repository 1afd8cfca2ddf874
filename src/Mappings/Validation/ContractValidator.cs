using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace EarTagTrace.Mappings.Validation;

/// <summary>
/// Validates JSON against the draft-07 schemas of contracts/, embedded in this assembly.
/// Reports every violation (not the first), each located by a JSONPath such as <c>$.rows[3].lxdh</c>.
/// </summary>
public static class ContractValidator
{
    // Lazy per contract: a schema is parsed once, on first use, even when many threads ask at once.
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> _schemas = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lazy<ValidityProof?>> _proofs = new(StringComparer.Ordinal);

    /// <summary>
    /// Every violation of <paramref name="json"/>, none for a valid document. A valid document is recognised by a fast
    /// proof (<see cref="ValidityProof"/>) without building the full validator's tree; anything the proof cannot pass
    /// takes the full validator, which names each violation.
    /// </summary>
    public static IReadOnlyList<Violation> Validate(string contract, string json, string pathPrefix = "$")
    {
        ArgumentNullException.ThrowIfNull(json);
        var schema = GetSchema(contract);
        if (GetProof(contract)?.Proves(json) == true)
        {
            return [];
        }

        return ValidateFully(schema, json, pathPrefix);
    }

    /// <summary>The full validator alone, without the fast proof: the reference the proof is tested against.</summary>
    internal static IReadOnlyList<Violation> ValidateFully(string contract, string json, string pathPrefix = "$") =>
        ValidateFully(GetSchema(contract), json, pathPrefix);

    /// <summary>Whether the fast proof alone passes <paramref name="json"/> (false when the contract has no proof).</summary>
    internal static bool Proves(string contract, string json) => GetProof(contract)?.Proves(json) == true;

    private static IReadOnlyList<Violation> ValidateFully(JsonSchema schema, string json, string pathPrefix)
    {
        JToken token;
        try
        {
            token = Parse(json);
        }
        catch (JsonReaderException ex)
        {
            return [new Violation(pathPrefix, ViolationCodes.JsonMalformed,
                $"The body is not valid JSON (line {ex.LineNumber}, position {ex.LinePosition}): {ex.Message}")];
        }

        // Newtonsoft reads an integer past the 64-bit range as a BigInteger, which NJsonSchema cannot compare with a
        // minimum or maximum (it throws): such a number is no count, id or code of any contract, so say so by path.
        IEnumerable<JToken> values = token is JContainer container ? container.DescendantsAndSelf() : [token];
        var huge = values.OfType<JValue>().Where(v => v.Value is System.Numerics.BigInteger).ToList();
        if (huge.Count > 0)
        {
            return huge.Select(v => new Violation(Join(pathPrefix, v.Path), ViolationCodes.ValueOutOfRange,
                $"'{v.Path}' is {Shorten(v.ToString(Formatting.None))}, outside the 64-bit integer range.")).ToList();
        }

        var violations = new List<Violation>();
        Collect(schema.Validate(token), pathPrefix, violations);
        return Capped(DropInsideWrongTypes(violations), pathPrefix);
    }

    /// <summary>At most this many violations are reported: they go into the answer and the journal row.</summary>
    public const int MaxViolations = 100;

    /// <summary>
    /// The first <see cref="MaxViolations"/> and a count of the rest: 20,000 bad items in one array would otherwise put
    /// megabytes of reasons in the journal for one refused 100 KB message.
    /// </summary>
    private static List<Violation> Capped(List<Violation> violations, string prefix)
    {
        if (violations.Count <= MaxViolations)
        {
            return violations;
        }

        var kept = violations.GetRange(0, MaxViolations);
        kept.Add(new Violation(prefix, ViolationCodes.ViolationsTruncated,
            $"{violations.Count - MaxViolations} more violation(s) not listed; {violations.Count} in all."));
        return kept;
    }

    public static IReadOnlyList<Violation> Validate(string contract, JsonElement json, string pathPrefix = "$")
    {
        var schema = GetSchema(contract);
        return GetProof(contract)?.Proves(json) == true ? [] : ValidateFully(schema, json.GetRawText(), pathPrefix);
    }

    private static string Join(string prefix, string path) =>
        path.Length == 0 ? prefix : path.StartsWith('[') ? prefix + path : $"{prefix}.{path}";

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>The raw text of a contract's schema, e.g. for publishing it on an API.</summary>
    public static string GetSchemaText(string contract)
    {
        var resource = $"contracts/{contract}.schema.json";
        using var stream = typeof(ContractValidator).Assembly.GetManifestResourceStream(resource)
            ?? throw new ArgumentException(
                $"Unknown contract '{contract}': no embedded resource {resource}. Use a name from {nameof(Contracts)}.",
                nameof(contract));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static JsonSchema GetSchema(string contract) =>
        _schemas.GetOrAdd(contract, name => new Lazy<JsonSchema>(
            () => JsonSchema.FromJsonAsync(GetSchemaText(name)).GetAwaiter().GetResult(),
            LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static ValidityProof? GetProof(string contract) =>
        _proofs.GetOrAdd(contract, name => new Lazy<ValidityProof?>(
            () => ValidityProof.For(GetSchemaText(name)), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static JToken Parse(string json)
    {
        // DateParseHandling.None: Newtonsoft would otherwise turn "2026-01-01T…" strings into dates and the
        // pattern checks would see a reformatted value. Decimal keeps coordinates exact for range checks.
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        var token = JToken.ReadFrom(reader);
        // JToken.ReadFrom stops after the first value; trailing text means the body is not one JSON document.
        if (reader.Read())
        {
            throw new JsonReaderException(
                $"Unexpected content after the JSON value.", reader.Path, reader.LineNumber, reader.LinePosition, null);
        }

        return token;
    }

    private static void Collect(IEnumerable<ValidationError> errors, string prefix, List<Violation> into)
    {
        foreach (var error in errors)
        {
            switch (error)
            {
                case MultiTypeValidationError multi:
                    // With "type": ["string","null"] NJsonSchema reports "no type validates" and hides the reason.
                    // A branch without a type mismatch is the type the value has: its errors are the real ones.
                    var matching = multi.Errors.Values.FirstOrDefault(branch => branch.All(e => !IsTypeMismatch(e.Kind)));
                    if (matching is not null && matching.Count > 0)
                    {
                        Collect(matching, prefix, into);
                    }
                    else
                    {
                        var types = string.Join(" or ", multi.Errors.Keys.Select(TypeName));
                        into.Add(Make(error, prefix, ViolationCodes.SchemaType, field => $"'{field}' must be {types}."));
                    }

                    break;
                case ChildSchemaValidationError child when child.Errors.Count > 0:
                    // Array items and sub-schemas: the wrapper only says "an item is invalid"; the children say why.
                    foreach (var branch in child.Errors.Values)
                    {
                        Collect(branch, prefix, into);
                    }

                    break;
                default:
                    into.Add(ToViolation(error, prefix));
                    break;
            }
        }
    }

    /// <summary>
    /// NJsonSchema checks "required" even on a value that is not an object; once a value has the wrong type, what is
    /// missing inside it is noise that would hide the one real problem.
    /// </summary>
    private static List<Violation> DropInsideWrongTypes(List<Violation> violations)
    {
        // A set and a walk up each path, not every pair: 20,000 items of the wrong type in one array made the pairwise
        // check 400 million comparisons (a minute and a half of CPU for a 100 KB body).
        var wrongType = violations.Where(v => v.Code == ViolationCodes.SchemaType).Select(v => v.Path).ToHashSet(StringComparer.Ordinal);
        if (wrongType.Count == 0)
        {
            return violations;
        }

        return violations.FindAll(v => !InsideAny(v.Path, wrongType));
    }

    private static bool InsideAny(string path, HashSet<string> outers)
    {
        for (var i = path.Length - 1; i > 0; i--)
        {
            if (path[i] is '.' or '[' && outers.Contains(path[..i]))
            {
                return true;
            }
        }

        return false;
    }

    private static Violation ToViolation(ValidationError error, string prefix)
    {
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired =>
                Make(error, prefix, ViolationCodes.SchemaRequired, f => $"'{f}' is required."),
            ValidationErrorKind.PatternMismatch =>
                Make(error, prefix, ViolationCodes.SchemaPattern, f => $"'{f}' does not match the pattern {schema?.Pattern}."),
            ValidationErrorKind.NotInEnumeration =>
                Make(error, prefix, ViolationCodes.SchemaEnum,
                    f => $"'{f}' must be one of {string.Join(", ", schema?.Enumeration.Select(Show) ?? [])}."),
            ValidationErrorKind.StringTooShort =>
                Make(error, prefix, ViolationCodes.SchemaLength, f => $"'{f}' must be at least {schema?.MinLength} characters."),
            ValidationErrorKind.StringTooLong =>
                Make(error, prefix, ViolationCodes.SchemaLength, f => $"'{f}' must be at most {schema?.MaxLength} characters."),
            ValidationErrorKind.NumberTooSmall =>
                Make(error, prefix, ViolationCodes.SchemaRange, f => $"'{f}' must be at least {schema?.Minimum}."),
            ValidationErrorKind.NumberTooBig =>
                Make(error, prefix, ViolationCodes.SchemaRange, f => $"'{f}' must be at most {schema?.Maximum}."),
            ValidationErrorKind.TooFewItems =>
                Make(error, prefix, ViolationCodes.SchemaItems, f => $"'{f}' must hold at least {schema?.MinItems} items."),
            ValidationErrorKind.TooManyItems =>
                Make(error, prefix, ViolationCodes.SchemaItems, f => $"'{f}' must hold at most {schema?.MaxItems} items."),
            ValidationErrorKind.NoAdditionalPropertiesAllowed =>
                Make(error, prefix, ViolationCodes.SchemaAdditionalProperty, f => $"'{f}' is not a field of this message."),
            var kind when IsTypeMismatch(kind) =>
                Make(error, prefix, ViolationCodes.SchemaType,
                    f => $"'{f}' must be {kind.ToString()[..^"Expected".Length].ToLowerInvariant()}."),
            var kind =>
                Make(error, prefix, ViolationCodes.SchemaOther, f => $"'{f}' is invalid ({kind})."),
        };
    }

    private static Violation Make(ValidationError error, string prefix, string code, Func<string, string> message)
    {
        var path = ToJsonPath(error.Path, prefix);
        var field = string.IsNullOrEmpty(error.Property) ? path : error.Property;
        return new Violation(path, code, message(field));
    }

    /// <summary>NJsonSchema writes "#/rows[1].yzzl[0].xmdm"; partners and engineers read "$.rows[1].yzzl[0].xmdm".</summary>
    internal static string ToJsonPath(string? schemaPath, string prefix)
    {
        var relative = schemaPath ?? string.Empty;
        if (relative.StartsWith('#'))
        {
            relative = relative[1..];
        }

        relative = relative.TrimStart('/');
        if (relative.Length == 0)
        {
            return prefix;
        }

        return relative[0] == '[' ? prefix + relative : prefix + "." + relative;
    }

    private static bool IsTypeMismatch(ValidationErrorKind kind) =>
        kind.ToString().EndsWith("Expected", StringComparison.Ordinal);

    private static string TypeName(JsonObjectType type) => type.ToString().ToLowerInvariant();

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
