using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>动监e通 POST /adapters/djet/tag-cancellations 注销 (docs/partners.md, 动监e通) → <see cref="CanonicalCancellation"/>.</summary>
public static class DjetTagCancellationMapping
{
    private static readonly Dictionary<string, string> Paths = new()
    {
        [nameof(CanonicalCancellation.Id)] = "$.zxid",
        [nameof(CanonicalCancellation.Tags)] = "$.ebh",
        [nameof(CanonicalCancellation.Reason)] = "$.yy",
        [nameof(CanonicalCancellation.CancelledAt)] = "$.zxsj",
    };

    /// <summary>
    /// The partner's path of a canonical field, so a rule that names <see cref="CanonicalCancellation"/>'s fields is answered in
    /// 动监e通's own terms (a reason's path as the partner sent it); a path that is not a field name stays as it is.
    /// </summary>
    public static string? PartnerPath(string? field) => field is not null && Paths.TryGetValue(field, out var path) ? path : field;

    /// <summary>
    /// Validates the body against djet/tag-cancellation and maps it. Besides the schema it refuses a malformed tag
    /// (TAG_MALFORMED at ebh[i]) and a tag listed twice (DUPLICATE_TAGS at the second ebh[i]).
    /// </summary>
    public static MappingResult<CanonicalCancellation> ToCanonical(PartnerBody body) =>
        DjetInbound.ToCanonical<DjetCancellationMessage, CanonicalCancellation>(Contracts.DjetTagCancellation, body, Map);

    private static CanonicalCancellation? Map(DjetCancellationMessage message, List<Violation> violations)
    {
        var ebh = message.Ebh ?? [];
        var tags = new List<long>(ebh.Count);
        var firstSeen = new Dictionary<long, int>(ebh.Count);
        for (var i = 0; i < ebh.Count; i++)
        {
            var path = $"$.ebh[{i}]";
            if (ebh[i] is not { } text || DjetInbound.Flagged(violations, path) || DjetInbound.Tag(text, path, violations) is not { } tag)
            {
                continue;
            }

            if (firstSeen.TryGetValue(tag.Value, out var first))
            {
                violations.Add(new Violation(path, TagCodes.DuplicateTags,
                    $"'ebh[{i}]' {tag} is listed already at $.ebh[{first}]; a tag is cancelled once."));
                continue;
            }

            firstSeen.Add(tag.Value, i);
            tags.Add(tag.Value);
        }

        CancellationReason? reason = message.Yy switch
        {
            "死亡" => CancellationReason.Death,
            "屠宰" => CancellationReason.Slaughter,
            "遗失" => CancellationReason.Lost,
            "损坏" => CancellationReason.Damaged,
            _ => null,
        };
        var cancelledAt = DjetInbound.Time(message.Zxsj, "$.zxsj", violations);

        if (violations.Count > 0 || reason is not { } why || cancelledAt is not { } at || message.Zxid is not { } id)
        {
            return null;
        }

        return new CanonicalCancellation(id.Trim(), tags, why, at);
    }
}
