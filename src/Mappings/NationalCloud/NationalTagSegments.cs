using System.Text.Json;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.NationalCloud;

/// <summary>What the national tag mappings share: checking canonical ranges, writing segments, validating the item.</summary>
internal static class NationalTagSegments
{
    /// <summary>
    /// A canonical range read back from an outbox payload is two longs: nothing yet says they are tags of one
    /// species and county, in order. The platform keys on exactly that, so a range that is not is refused here.
    /// </summary>
    public static Violation? Check(TagRange range, string path)
    {
        if (!IsTag(range.First) || !IsTag(range.Last))
            return new Violation(path, TagCodes.TagMalformed, $"{range} is not a range of 15-digit tags led by a species digit.");
        if (range.First > range.Last)
            return new Violation(path, TagCodes.RangeInvalid, $"first tag {TagNumber.Format(range.First)} is after last tag {TagNumber.Format(range.Last)}.");
        if (new TagNumber(range.First).Prefix != new TagNumber(range.Last).Prefix)
            return new Violation(path, TagCodes.RangeCrossesCounty, $"{range} differs in species or county at its ends.");
        return null;
    }

    public static bool IsTag(long value) => value is >= TagNumber.Min and <= TagNumber.Max;

    /// <summary>A checked range as a segment; its species is the leading digit of its tags.</summary>
    public static NationalTagSegment ToSegment(TagRange range) =>
        new(SpeciesCodes.ToCode(range.FirstTag.Species), TagNumber.Format(range.First), TagNumber.Format(range.Last), range.Count);

    /// <summary>The item if it satisfies its contract; the contract's violations (item paths) otherwise.</summary>
    public static MappingResult<T> Validated<T>(string contract, T item)
        where T : class
    {
        var output = ContractValidator.Validate(contract, JsonSerializer.Serialize(item, PartnerJson.Options));
        return output.Count == 0 ? MappingResult<T>.Ok(item) : MappingResult<T>.Fail(output);
    }
}
