using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Registered stock ranges → 国家云平台 POST /api/v1/eartag/stock.</summary>
public sealed class NationalCloudTagStockSender(INationalCloudApi api, IOptionsMonitor<NationalPlatformOptions> options)
    : NationalCloudItemSender<CanonicalStockRegistration, NationalStockItem>(options)
{
    protected override MappingResult<NationalStockItem> Map(CanonicalStockRegistration canonical) => NationalStockMapping.FromCanonical(canonical);

    protected override Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<NationalStockItem> batch, CancellationToken ct)
        => api.UploadTagStockAsync(requestId, batch, ct);
}
