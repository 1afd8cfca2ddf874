using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Tag cancellations → 国家云平台 POST /api/v1/eartag/cancellations (tags merged into ranges).</summary>
public sealed class NationalCloudCancellationSender(INationalCloudApi api, IOptionsMonitor<NationalPlatformOptions> options)
    : NationalCloudItemSender<CanonicalCancellation, NationalCancellationItem>(options)
{
    protected override MappingResult<NationalCancellationItem> Map(CanonicalCancellation canonical) => NationalCancellationMapping.FromCanonical(canonical);

    protected override Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<NationalCancellationItem> batch, CancellationToken ct)
        => api.UploadCancellationsAsync(requestId, batch, ct);
}
