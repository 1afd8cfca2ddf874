using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>动监e通 POST /adapters/djet/certificates 产地检疫合格证明 (docs/partners.md, 动监e通) → <see cref="CanonicalCertificate"/>.</summary>
public static class DjetCertificateMapping
{
    private static readonly Dictionary<string, string> Paths = new()
    {
        [nameof(CanonicalCertificate.Number)] = "$.zmbh",
        [nameof(CanonicalCertificate.Type)] = "$.zmlx",
        [nameof(CanonicalCertificate.DeclarationId)] = "$.sbdh",
        [nameof(CanonicalCertificate.FarmCode)] = "$.yzcbm",
        [nameof(CanonicalCertificate.Species)] = "$.xmdm",
        [nameof(CanonicalCertificate.HeadCount)] = "$.sl",
        [nameof(CanonicalCertificate.Tags)] = "$.ebh",
        [nameof(CanonicalCertificate.Origin)] = "$.qydd",
        [nameof(CanonicalCertificate.Destination)] = "$.ddd",
        [nameof(CanonicalCertificate.Carrier)] = "$.cyr",
        [nameof(CanonicalCertificate.Plate)] = "$.cph",
        [nameof(CanonicalCertificate.Vet)] = "$.gfsy",
        [nameof(CanonicalCertificate.IssuedAt)] = "$.qfsj",
        [nameof(CanonicalCertificate.ValidDays)] = "$.yxts",
    };

    /// <summary>
    /// The partner's path of a canonical field, so a rule that names <see cref="CanonicalCertificate"/>'s fields is answered in
    /// 动监e通's own terms (a reason's path as the partner sent it); a path that is not a field name stays as it is.
    /// </summary>
    public static string? PartnerPath(string? field) => field is not null && Paths.TryGetValue(field, out var path) ? path : field;

    /// <summary>
    /// Validates the body against djet/certificate and maps it. The tags stay exactly as sent; that they are the
    /// declaration's, and that type A goes exactly out of the province, are the hub's certificate rules.
    /// </summary>
    public static MappingResult<CanonicalCertificate> ToCanonical(PartnerBody body) =>
        DjetInbound.ToCanonical<DjetCertificateMessage, CanonicalCertificate>(Contracts.DjetCertificate, body, Map);

    private static CanonicalCertificate? Map(DjetCertificateMessage message, List<Violation> violations)
    {
        CertificateType? type = message.Zmlx switch
        {
            "A" => CertificateType.A,
            "B" => CertificateType.B,
            _ => null,
        };
        var issuedAt = DjetInbound.Time(message.Qfsj, "$.qfsj", violations);

        if (violations.Count > 0
            || type is not { } certificateType
            || DjetInbound.SpeciesOf(message.Xmdm) is not { } species
            || DjetInbound.PlaceOf(message.Qydd) is not { } origin
            || DjetInbound.PlaceOf(message.Ddd) is not { } destination
            || issuedAt is not { } at
            || message is not
            {
                Zmbh: { } number, Sbdh: { } declaration, Yzcbm: { } farm, Sl: { } heads, Ebh: { } ebh,
                Cph: { } plate, Gfsy: { } vet, Yxts: { } validDays,
            })
        {
            return null;
        }

        return new CanonicalCertificate(number.Trim(), certificateType, declaration.Trim(), farm.Trim(), species, heads,
            ebh.OfType<string>().ToList(), origin, destination, DjetInbound.Clean(message.Cyr), plate.Trim(), vet.Trim(),
            at, validDays, DjetInbound.Clean(message.Dddyzcbm));
    }
}
