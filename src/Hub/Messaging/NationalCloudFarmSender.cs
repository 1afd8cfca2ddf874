using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Canonical farms → 国家云平台 POST /api/v1/farms.</summary>
public sealed class NationalCloudFarmSender(INationalCloudApi api, IOptionsMonitor<NationalPlatformOptions> options)
    : NationalCloudItemSender<CanonicalFarm, NationalFarmItem>(options)
{
    protected override MappingResult<NationalFarmItem> Map(CanonicalFarm canonical) => NationalFarmMapping.FromCanonical(canonical);

    protected override string? RegionOf(CanonicalFarm canonical) => canonical.RegionCode;

    protected override Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<NationalFarmItem> batch, CancellationToken ct)
        => api.UploadFarmsAsync(requestId, batch, ct);
}
