using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>动监e通 POST /adapters/djet/certificates 产地检疫合格证明 (docs/partners.md, 动监e通) → <see cref="CanonicalCertificate"/>.</summary>
public static class DjetCertificateMapping
{
    /// <summary>
    /// Validates the body against djet/certificate and maps it. The tags stay exactly as sent; that they are the
    /// declaration's, and that type A goes exactly out of the province, are the hub's certificate rules.
    /// </summary>
    public static MappingResult<CanonicalCertificate> ToCanonical(string json) =>
        DjetInbound.ToCanonical<DjetCertificateMessage, CanonicalCertificate>(Contracts.DjetCertificate, json, Map);

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
