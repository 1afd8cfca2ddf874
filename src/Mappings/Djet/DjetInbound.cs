using System.Text.Json;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>
/// What every 动监e通 push mapping does alike: validate against the contract, read the message, map it while collecting
/// every violation by its JSON path, and parse times and tag ranges the same way.
/// </summary>
internal static class DjetInbound
{
    /// <summary>
    /// Validates <paramref name="body"/> against <paramref name="contract"/>, reads it and maps it with
    /// <paramref name="map"/>, which adds its own violations. The mapping runs even when the schema refused something,
    /// so one answer names every problem of the message; it is only Ok when nothing at all was found.
    /// </summary>
    public static MappingResult<TCanonical> ToCanonical<TMessage, TCanonical>(
        string contract, PartnerBody body, Func<TMessage, List<Violation>, TCanonical?> map)
        where TMessage : class
        where TCanonical : class
    {
        ArgumentNullException.ThrowIfNull(body.Text);
        // The parsed element when the hub has one (the pipeline parses each body once); the text otherwise.
        var violations = new List<Violation>(body.Element is { } element
            ? ContractValidator.Validate(contract, element)
            : ContractValidator.Validate(contract, body.Text));
        if (violations.Exists(v => v.Code == ViolationCodes.JsonMalformed))
        {
            return MappingResult<TCanonical>.Fail(violations);
        }

        TMessage? message;
        try
        {
            message = body.Element is { } parsed
                ? parsed.Deserialize<TMessage>(PartnerJson.Options)
                : JsonSerializer.Deserialize<TMessage>(body.Text, PartnerJson.Options);
        }
        catch (JsonException ex)
        {
            // A value of the wrong JSON type, which the schema has named; or text that only a lenient reader takes
            // for JSON (comments, single quotes), which the schema validator read but the hub will not.
            if (violations.Count == 0)
            {
                violations.Add(new Violation("$", ViolationCodes.JsonMalformed, $"The body is not strict JSON: {ex.Message}"));
            }

            return MappingResult<TCanonical>.Fail(violations);
        }

        if (message is null)
        {
            if (violations.Count == 0)
            {
                violations.Add(new Violation("$", ViolationCodes.SchemaType, "The body must be a JSON object."));
            }

            return MappingResult<TCanonical>.Fail(violations);
        }

        var value = map(message, violations);
        return value is not null && violations.Count == 0
            ? MappingResult<TCanonical>.Ok(value)
            : MappingResult<TCanonical>.Fail(violations);
    }

    /// <summary>True when the schema (or the mapping) already named the value at <paramref name="path"/>.</summary>
    public static bool Flagged(List<Violation> violations, string path) => violations.Exists(v => v.Path == path);

    /// <summary>
    /// A partner time at <paramref name="path"/> as UTC; null with TIME_INVALID for an impossible date (2026-02-30).
    /// A value the schema refused (missing, not of the form yyyy-MM-dd HH:mm:ss) is not reported twice.
    /// </summary>
    public static DateTimeOffset? Time(string? text, string path, List<Violation> violations)
    {
        if (text is null || Flagged(violations, path))
        {
            return null;
        }

        if (ChinaTime.TryParse(text, out var utc))
        {
            return utc;
        }

        violations.Add(new Violation(path, ViolationCodes.TimeInvalid,
            $"'{Field(path)}' \"{text}\" is not a real time of the form yyyy-MM-dd HH:mm:ss."));
        return null;
    }

    /// <summary>
    /// The range qshm..zzhm of the object at <paramref name="path"/>. A malformed tag is reported at its own field
    /// (TAG_MALFORMED); a reversed range (RANGE_INVALID) or one whose ends differ in species or county
    /// (RANGE_CROSSES_COUNTY) at qshm.
    /// </summary>
    public static TagRange? Range(string? first, string? last, string path, List<Violation> violations)
    {
        string firstPath = $"{path}.qshm", lastPath = $"{path}.zzhm";
        if (first is null || last is null || Flagged(violations, firstPath) || Flagged(violations, lastPath))
        {
            return null;
        }

        var wellFormed = Tag(first, firstPath, violations) is not null;
        wellFormed &= Tag(last, lastPath, violations) is not null;
        if (!wellFormed)
        {
            return null;
        }

        if (TagRange.TryParse(first, last, out var range, out var code, out var reason))
        {
            return range;
        }

        violations.Add(new Violation(firstPath, code ?? TagCodes.RangeInvalid, $"'qshm'..'zzhm' {first}..{last}: {reason}."));
        return null;
    }

    /// <summary>One tag at <paramref name="path"/>; null with TAG_MALFORMED for anything not 15 digits with a species digit.</summary>
    public static TagNumber? Tag(string text, string path, List<Violation> violations)
    {
        if (TagNumber.TryParse(text, out var tag, out var reason))
        {
            return tag;
        }

        violations.Add(new Violation(path, TagCodes.TagMalformed, $"'{Field(path)}' \"{text}\" is not an ear tag: {reason}."));
        return null;
    }

    /// <summary>
    /// Refuses a range that overlaps an earlier one of the same message (RANGE_OVERLAPS_IN_MESSAGE at the later range's
    /// qshm): one message cannot register or issue a tag twice.
    /// </summary>
    public static void RefuseOverlaps(IReadOnlyList<(int Index, TagRange Range)> ranges, string arrayPath, List<Violation> violations)
    {
        for (var j = 1; j < ranges.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                if (ranges[i].Range.Overlaps(ranges[j].Range))
                {
                    violations.Add(new Violation($"{arrayPath}[{ranges[j].Index}].qshm", TagCodes.RangeOverlapsInMessage,
                        $"'qshm'..'zzhm' {ranges[j].Range} overlaps {arrayPath}[{ranges[i].Index}] {ranges[i].Range}; a tag appears once in a message."));
                    break;
                }
            }
        }
    }

    /// <summary>A place {xzqhdm, dz}; null when the schema refused its region code.</summary>
    public static Place? PlaceOf(DjetPlace? place) =>
        place?.Xzqhdm is { } region ? new Place(region, Clean(place.Dz)) : null;

    public static Species? SpeciesOf(string? xmdm) => SpeciesCodes.TryParse(xmdm, out var species) ? species : null;

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Field(string path) => path[(path.LastIndexOf('.') + 1)..];
}
