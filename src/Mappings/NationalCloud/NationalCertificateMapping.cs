using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.NationalCloud;

/// <summary><see cref="CanonicalCertificate"/> → 国家云平台 item of POST /api/v1/quarantine/certificates (docs/partners.md, national cloud platform).</summary>
public static class NationalCertificateMapping
{
    /// <summary>
    /// The tags travel as a list in the certificate's order (each is one certified animal); the county is the origin's
    /// first 6 digits. Validates national-cloud/certificate-item.
    /// </summary>
    public static MappingResult<NationalCertificateItem> FromCanonical(CanonicalCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var violations = new List<Violation>();
        var type = certificate.Type switch
        {
            CertificateType.A => "A",
            CertificateType.B => "B",
            _ => null,
        };
        if (type is null)
            violations.Add(new Violation("$.type", ViolationCodes.ValueOutOfRange, $"certificate type {certificate.Type} is neither A nor B."));
        if (!Enum.IsDefined(certificate.Species))
            violations.Add(new Violation("$.species", ViolationCodes.ValueOutOfRange, $"species {certificate.Species} is not pig, cattle or sheep."));
        if (violations.Count > 0)
            return MappingResult<NationalCertificateItem>.Fail(violations);

        // A malformed origin code is reported by the contract on originCode; the county only repeats it.
        var origin = certificate.Origin?.RegionCode ?? "";
        var item = new NationalCertificateItem
        {
            CertificateNo = certificate.Number,
            CertificateType = type!,
            DeclarationNo = certificate.DeclarationId,
            FarmId = certificate.FarmCode,
            CountyCode = origin.Length >= 6 ? origin[..6] : origin,
            SpeciesCode = SpeciesCodes.ToCode(certificate.Species),
            Quantity = certificate.HeadCount,
            EarTags = certificate.Tags ?? [],
            OriginCode = origin,
            OriginAddress = certificate.Origin?.Address,
            DestinationCode = certificate.Destination?.RegionCode ?? "",
            DestinationAddress = certificate.Destination?.Address,
            Carrier = certificate.Carrier,
            PlateNo = certificate.Plate,
            VetName = certificate.Vet,
            IssueTime = ChinaTime.ToText(certificate.IssuedAt),
            ValidDays = certificate.ValidDays,
        };
        return NationalTagSegments.Validated(Contracts.NationalCertificateItem, item);
    }
}
