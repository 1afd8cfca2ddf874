using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Issuances → 国家云平台 POST /api/v1/eartag/issuances.</summary>
public sealed class NationalCloudIssuanceSender(INationalCloudApi api, IOptionsMonitor<NationalPlatformOptions> options)
    : NationalCloudItemSender<CanonicalIssuance, NationalIssuanceItem>(options)
{
    protected override MappingResult<NationalIssuanceItem> Map(CanonicalIssuance canonical) => NationalIssuanceMapping.FromCanonical(canonical);

    protected override Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<NationalIssuanceItem> batch, CancellationToken ct)
        => api.UploadIssuancesAsync(requestId, batch, ct);
}
