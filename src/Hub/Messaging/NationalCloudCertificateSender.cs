using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Origin quarantine certificates → 国家云平台 POST /api/v1/quarantine/certificates.</summary>
public sealed class NationalCloudCertificateSender(INationalCloudApi api, IOptionsMonitor<NationalPlatformOptions> options)
    : NationalCloudItemSender<CanonicalCertificate, NationalCertificateItem>(options)
{
    protected override MappingResult<NationalCertificateItem> Map(CanonicalCertificate canonical) => NationalCertificateMapping.FromCanonical(canonical);

    protected override Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<NationalCertificateItem> batch, CancellationToken ct)
        => api.UploadCertificatesAsync(requestId, batch, ct);
}
