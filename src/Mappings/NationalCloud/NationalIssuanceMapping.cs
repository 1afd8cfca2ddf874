using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.NationalCloud;

/// <summary><see cref="CanonicalIssuance"/> → 国家云平台 item of POST /api/v1/eartag/issuances (docs/partners.md, national cloud platform).</summary>
public static class NationalIssuanceMapping
{
    /// <summary>
    /// One item per issuance: its ranges as segments in ascending order (kept as issued, not merged), refusing
    /// malformed or overlapping ranges and a county as receiver; validates national-cloud/issuance-item.
    /// </summary>
    public static MappingResult<NationalIssuanceItem> FromCanonical(CanonicalIssuance issuance)
    {
        ArgumentNullException.ThrowIfNull(issuance);
        var ranges = issuance.Ranges ?? [];
        var violations = new List<Violation>();
        for (var i = 0; i < ranges.Count; i++)
        {
            if (NationalTagSegments.Check(ranges[i], $"$.ranges[{i}]") is { } bad)
                violations.Add(bad);
        }
        var sorted = ranges.OrderBy(r => r.First).ToList();
        if (violations.Count == 0)
        {
            for (var i = 1; i < sorted.Count; i++)
            {
                if (sorted[i - 1].Overlaps(sorted[i]))
                    violations.Add(new Violation("$.ranges", TagCodes.RangeOverlapsInMessage, $"{sorted[i - 1]} and {sorted[i]} overlap."));
            }
        }

        // 一次发放 goes county→township and 二次发放 township→farm or worker: a county never receives.
        var receiverType = issuance.ReceiverType switch
        {
            HolderType.Township => "XZ",
            HolderType.Farm => "YZC",
            HolderType.Worker => "FYY",
            _ => null,
        };
        if (receiverType is null)
            violations.Add(new Violation("$.receiverType", TagCodes.ReceiverTypeInvalid, $"receiver type {issuance.ReceiverType} cannot receive an issuance."));
        var issuanceType = issuance.Kind switch
        {
            IssuanceKind.First => "1",
            IssuanceKind.Second => "2",
            _ => null,
        };
        if (issuanceType is null)
            violations.Add(new Violation("$.kind", ViolationCodes.ValueOutOfRange, $"issuance kind {issuance.Kind} is neither first nor second."));
        if (violations.Count > 0)
            return MappingResult<NationalIssuanceItem>.Fail(violations);

        var item = new NationalIssuanceItem
        {
            IssuanceId = issuance.Id,
            IssuanceType = issuanceType!,
            IssuerCode = issuance.IssuerCode,
            ReceiverCode = issuance.ReceiverCode,
            ReceiverType = receiverType!,
            // An empty issuance has no county; the contract refuses its empty segments, and says so.
            CountyCode = sorted.Count > 0 ? sorted[0].FirstTag.CountyCode : "",
            Segments = sorted.Select(NationalTagSegments.ToSegment).ToList(),
            Quantity = sorted.Sum(r => r.Count),
            IssueTime = ChinaTime.ToText(issuance.IssuedAt),
        };
        return NationalTagSegments.Validated(Contracts.NationalIssuanceItem, item);
    }
}
