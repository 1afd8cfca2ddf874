using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>动监e通 POST /adapters/djet/tag-issuances 一次/二次发放 (docs/partners.md, 动监e通) → <see cref="CanonicalIssuance"/>.</summary>
public static class DjetTagIssuanceMapping
{
    private static readonly Dictionary<string, string> Paths = new()
    {
        [nameof(CanonicalIssuance.Id)] = "$.ffid",
        [nameof(CanonicalIssuance.Kind)] = "$.fflx",
        [nameof(CanonicalIssuance.IssuerCode)] = "$.ffdw",
        [nameof(CanonicalIssuance.ReceiverCode)] = "$.jsdw",
        [nameof(CanonicalIssuance.ReceiverType)] = "$.jslx",
        [nameof(CanonicalIssuance.Ranges)] = "$.hd",
        [nameof(CanonicalIssuance.IssuedAt)] = "$.ffsj",
    };

    /// <summary>
    /// The partner's path of a canonical field, so a rule that names <see cref="CanonicalIssuance"/>'s fields is answered in
    /// 动监e通's own terms (a reason's path as the partner sent it); a path that is not a field name stays as it is.
    /// </summary>
    public static string? PartnerPath(string? field) => field is not null && Paths.TryGetValue(field, out var path) ? path : field;

    /// <summary>
    /// Validates the body against djet/tag-issuance and maps it. Besides the schema it refuses: a receiver type that
    /// does not fit the issuance kind (RECEIVER_TYPE_INVALID at jslx: fflx 1 goes to XZ, fflx 2 to YZC or FYY); an issuer
    /// of the wrong level (REGION_INCONSISTENT at ffdw: a 6-digit county for fflx 1, a 9-digit township for fflx 2);
    /// an XZ receiver that is not a 9-digit township code (REGION_INCONSISTENT at jsdw); per range, what
    /// <see cref="DjetTagStockMapping"/> refuses; and ranges overlapping each other (RANGE_OVERLAPS_IN_MESSAGE).
    /// Whether the issuer holds the ranges and the receiver belongs to it is the hub's rule.
    /// </summary>
    public static MappingResult<CanonicalIssuance> ToCanonical(PartnerBody body) =>
        DjetInbound.ToCanonical<DjetIssuanceMessage, CanonicalIssuance>(Contracts.DjetTagIssuance, body, Map);

    private static CanonicalIssuance? Map(DjetIssuanceMessage message, List<Violation> violations)
    {
        IssuanceKind? kind = message.Fflx switch
        {
            "1" => IssuanceKind.First,
            "2" => IssuanceKind.Second,
            _ => null,
        };
        HolderType? receiverType = message.Jslx switch
        {
            "XZ" => HolderType.Township,
            "YZC" => HolderType.Farm,
            "FYY" => HolderType.Worker,
            _ => null,
        };

        if (kind == IssuanceKind.First && receiverType is { } first && first != HolderType.Township)
        {
            violations.Add(new Violation("$.jslx", TagCodes.ReceiverTypeInvalid,
                $"'jslx' {message.Jslx} cannot receive a 一次发放 (fflx 1): a first issuance goes from a county to a township station, jslx XZ."));
        }
        else if (kind == IssuanceKind.Second && receiverType == HolderType.Township)
        {
            violations.Add(new Violation("$.jslx", TagCodes.ReceiverTypeInvalid,
                "'jslx' XZ cannot receive a 二次发放 (fflx 2): a second issuance goes from a township to a farm (YZC) or an epidemic-prevention worker (FYY)."));
        }

        if (kind is { } k && message.Ffdw is { } issuer && !DjetInbound.Flagged(violations, "$.ffdw"))
        {
            if (k == IssuanceKind.First && issuer.Length != 6)
            {
                violations.Add(new Violation("$.ffdw", ViolationCodes.RegionInconsistent,
                    $"'ffdw' {issuer} is not a 6-digit county code: a 一次发放 (fflx 1) is issued by a county."));
            }
            else if (k == IssuanceKind.Second && issuer.Length != 9)
            {
                violations.Add(new Violation("$.ffdw", ViolationCodes.RegionInconsistent,
                    $"'ffdw' {issuer} is not a 9-digit township code: a 二次发放 (fflx 2) is issued by a township."));
            }
        }

        if (receiverType == HolderType.Township && message.Jsdw is { } township && !DjetInbound.Flagged(violations, "$.jsdw")
            && !(township.Length == 9 && township.All(char.IsAsciiDigit)))
        {
            violations.Add(new Violation("$.jsdw", ViolationCodes.RegionInconsistent,
                $"'jsdw' {township} is not a 9-digit township code, as the code of a township station (jslx XZ) is."));
        }

        var hd = message.Hd ?? [];
        var ranges = new List<(int Index, TagRange Range)>(hd.Count);
        for (var i = 0; i < hd.Count; i++)
        {
            if (hd[i] is { } item && DjetInbound.Range(item.Qshm, item.Zzhm, $"$.hd[{i}]", violations) is { } range)
            {
                ranges.Add((i, range));
            }
        }

        DjetInbound.RefuseOverlaps(ranges, "$.hd", violations);
        var issuedAt = DjetInbound.Time(message.Ffsj, "$.ffsj", violations);

        if (violations.Count > 0 || kind is not { } issuanceKind || receiverType is not { } type || issuedAt is not { } at
            || message is not { Ffid: { } id, Ffdw: { } issuerCode, Jsdw: { } receiverCode })
        {
            return null;
        }

        return new CanonicalIssuance(id.Trim(), issuanceKind, issuerCode, receiverCode.Trim(), type,
            ranges.ConvertAll(r => r.Range), at);
    }
}
