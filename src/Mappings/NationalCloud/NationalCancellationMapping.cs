using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.NationalCloud;

/// <summary><see cref="CanonicalCancellation"/> → 国家云平台 item of POST /api/v1/eartag/cancellations (docs/partners.md, national cloud platform).</summary>
public static class NationalCancellationMapping
{
    /// <summary>
    /// The platform takes ranges, not tags: adjacent tags are merged into segments (a repeated tag counts once), and
    /// validates national-cloud/cancellation-item.
    /// </summary>
    public static MappingResult<NationalCancellationItem> FromCanonical(CanonicalCancellation cancellation)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        var tags = cancellation.Tags ?? [];
        var violations = new List<Violation>();
        for (var i = 0; i < tags.Count; i++)
        {
            if (!NationalTagSegments.IsTag(tags[i]))
                violations.Add(new Violation($"$.tags[{i}]", TagCodes.TagMalformed, $"{tags[i]} is not a 15-digit tag led by a species digit."));
        }
        var reason = cancellation.Reason switch
        {
            CancellationReason.Death => "DEATH",
            CancellationReason.Slaughter => "SLAUGHTER",
            CancellationReason.Lost => "LOST",
            CancellationReason.Damaged => "DAMAGED",
            _ => null,
        };
        if (reason is null)
            violations.Add(new Violation("$.reason", ViolationCodes.ValueOutOfRange, $"cancellation reason {cancellation.Reason} is not one the platform knows."));
        if (violations.Count > 0)
            return MappingResult<NationalCancellationItem>.Fail(violations);

        var segments = ToRanges(tags);
        var item = new NationalCancellationItem
        {
            CancellationId = cancellation.Id,
            // No tags, no county; the contract refuses the empty segments, and says so.
            CountyCode = segments.Count > 0 ? segments[0].FirstTag.CountyCode : "",
            Reason = reason!,
            Segments = segments.Select(NationalTagSegments.ToSegment).ToList(),
            Quantity = segments.Sum(r => r.Count),
            CancelTime = ChinaTime.ToText(cancellation.CancelledAt),
        };
        return NationalTagSegments.Validated(Contracts.NationalCancellationItem, item);
    }

    /// <summary>
    /// Ascending ranges of the tags. Merged per species and county: the last serial of one county and the first of the
    /// next are consecutive numbers, yet no range may join them.
    /// </summary>
    public static List<TagRange> ToRanges(IEnumerable<long> tags) =>
        tags.GroupBy(t => new TagNumber(t).Prefix)
            .SelectMany(g => TagRange.Merge(g.Select(t => new TagRange(t, t))))
            .OrderBy(r => r.First)
            .ToList();
}
