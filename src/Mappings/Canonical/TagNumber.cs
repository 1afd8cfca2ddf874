using System.Globalization;
using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings.Canonical;

/// <summary>
/// 耳标号 ebh: 15 digits = species digit (1 pig, 2 cattle, 3 sheep) + 6-digit county code (GB/T 2260) + 8-digit serial.
/// The one place a tag number is parsed; everything else holds the number as a long.
/// </summary>
public readonly record struct TagNumber(long Value) : IComparable<TagNumber>
{
    public const long Min = 100_000_000_000_000;
    public const long Max = 399_999_999_999_999;

    public Species Species => (Species)(int)(Value / 100_000_000_000_000);
    public string CountyCode => ((Value / 100_000_000) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    public long Serial => Value % 100_000_000;
    /// <summary>Species digit + county: every tag of one range shares it.</summary>
    public long Prefix => Value / 100_000_000;

    public int CompareTo(TagNumber other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString("D15", CultureInfo.InvariantCulture);

    /// <summary>Parses the partner text; false with a reason for anything that is not 15 digits with a species digit.</summary>
    public static bool TryParse(string? text, out TagNumber tag, out string? reason)
    {
        tag = default;
        if (string.IsNullOrEmpty(text) || text.Length != 15 || !text.All(char.IsAsciiDigit))
        {
            reason = "an ear tag number is 15 digits";
            return false;
        }
        if (text[0] is < '1' or > '3')
        {
            reason = $"first digit {text[0]} is not a species code (1 pig, 2 cattle, 3 sheep)";
            return false;
        }
        tag = new TagNumber(long.Parse(text, CultureInfo.InvariantCulture));
        reason = null;
        return true;
    }

    public static bool TryParse(string? text, out TagNumber tag) => TryParse(text, out tag, out _);

    public static string Format(long value) => value.ToString("D15", CultureInfo.InvariantCulture);
}

/// <summary>An inclusive range of tag numbers of one species and one county (号段 qshm..zzhm).</summary>
public readonly record struct TagRange(long First, long Last)
{
    [JsonIgnore] public long Count => Last - First + 1;
    public bool Contains(long tag) => tag >= First && tag <= Last;
    public bool Overlaps(TagRange other) => First <= other.Last && other.First <= Last;
    [JsonIgnore] public TagNumber FirstTag => new(First);
    public override string ToString() => First == Last ? TagNumber.Format(First) : $"{TagNumber.Format(First)}-{TagNumber.Format(Last)}";

    /// <summary>
    /// Parses qshm..zzhm. Refuses malformed numbers (TAG_MALFORMED), a first tag after the last (RANGE_INVALID) and a
    /// range whose ends differ in species or county (RANGE_CROSSES_COUNTY): a range is always one county's tags.
    /// </summary>
    public static bool TryParse(string? first, string? last, out TagRange range, out string? code, out string? reason)
    {
        range = default;
        if (!TagNumber.TryParse(first, out var a, out reason)) { code = TagCodes.TagMalformed; reason = $"{first}: {reason}"; return false; }
        if (!TagNumber.TryParse(last, out var b, out reason)) { code = TagCodes.TagMalformed; reason = $"{last}: {reason}"; return false; }
        if (a.Value > b.Value) { code = TagCodes.RangeInvalid; reason = $"first tag {first} is after last tag {last}"; return false; }
        if (a.Prefix != b.Prefix) { code = TagCodes.RangeCrossesCounty; reason = $"{first} and {last} differ in species or county"; return false; }
        range = new TagRange(a.Value, b.Value);
        code = null;
        return true;
    }

    /// <summary>Merges adjacent and overlapping ranges; the input need not be sorted.</summary>
    public static List<TagRange> Merge(IEnumerable<TagRange> ranges)
    {
        var merged = new List<TagRange>();
        foreach (var r in ranges.OrderBy(r => r.First))
        {
            if (merged.Count > 0 && merged[^1].Last + 1 >= r.First)
                merged[^1] = merged[^1] with { Last = Math.Max(merged[^1].Last, r.Last) };
            else merged.Add(r);
        }
        return merged;
    }

    /// <summary>What of <paramref name="wanted"/> is not covered by <paramref name="held"/> (both lists of any order).</summary>
    public static List<TagRange> Missing(TagRange wanted, IEnumerable<TagRange> held)
    {
        var missing = new List<TagRange>();
        var next = wanted.First;
        foreach (var h in Merge(held))
        {
            if (h.Last < next) continue;
            if (h.First > wanted.Last) break;
            if (h.First > next) missing.Add(new TagRange(next, h.First - 1));
            next = h.Last + 1;
            if (next > wanted.Last) break;
        }
        if (next <= wanted.Last) missing.Add(new TagRange(next, wanted.Last));
        return missing;
    }

    /// <summary>The parts of <paramref name="held"/> left after taking <paramref name="taken"/> out: zero, one or two ranges.</summary>
    public static IEnumerable<TagRange> Subtract(TagRange held, TagRange taken)
    {
        if (!held.Overlaps(taken)) { yield return held; yield break; }
        if (held.First < taken.First) yield return new TagRange(held.First, taken.First - 1);
        if (held.Last > taken.Last) yield return new TagRange(taken.Last + 1, held.Last);
    }
}

/// <summary>Reason codes of the ear-tag ledger, declarations and certificates. Stable: partners and tests key on them.</summary>
public static class TagCodes
{
    public const string TagMalformed = "TAG_MALFORMED";
    public const string TagSpeciesMismatch = "TAG_SPECIES_MISMATCH";
    public const string TagCountyUnknown = "TAG_COUNTY_UNKNOWN";
    public const string RangeInvalid = "RANGE_INVALID";
    public const string RangeCrossesCounty = "RANGE_CROSSES_COUNTY";
    public const string RangeOverlapsExisting = "RANGE_OVERLAPS_EXISTING";
    public const string RangeOverlapsInMessage = "RANGE_OVERLAPS_IN_MESSAGE";
    public const string RangeNotHeldByIssuer = "RANGE_NOT_HELD_BY_ISSUER";
    public const string RangeNotInRegistrarCounty = "RANGE_NOT_IN_REGISTRAR_COUNTY";
    public const string CountMismatch = "COUNT_MISMATCH";
    /// <summary>A stock row without its 箱号 box number (the Jilin plan asks for 箱号、包号、号段、数量).</summary>
    public const string BoxMissing = "BOX_MISSING";
    /// <summary>A stock row without its 包号 pack number.</summary>
    public const string PackMissing = "PACK_MISSING";
    public const string RegistrarUnknown = "REGISTRAR_UNKNOWN";
    public const string IssuerUnknown = "ISSUER_UNKNOWN";
    public const string ReceiverUnknown = "RECEIVER_UNKNOWN";
    public const string ReceiverNotInCounty = "RECEIVER_NOT_IN_COUNTY";
    public const string ReceiverNotInTownship = "RECEIVER_NOT_IN_TOWNSHIP";
    public const string ReceiverTypeInvalid = "RECEIVER_TYPE_INVALID";
    public const string TagNotIssued = "TAG_NOT_ISSUED";
    public const string TagCancelled = "TAG_CANCELLED";
    public const string TagNeverRegistered = "TAG_NEVER_REGISTERED";
    public const string DuplicateTags = "DUPLICATE_TAGS";
    public const string IdReusedWithOtherContent = "ID_REUSED_WITH_OTHER_CONTENT";
}
