using EarTagTrace.Mappings.Djet;
using EarTagTrace.Mappings.FarmRegistry;
using Refit;

namespace EarTagTrace.Adapters.Djet;

/// <summary>Outbound calls to 动监e通 (docs/partners.md, 动监e通), signed and wrapped in the partner resilience pipeline.</summary>
public interface IDjetApi
{
    /// <summary>Farm records in registry format; the two systems share farm data through the hub.</summary>
    [Post("/api/yzc/sync")]
    Task<DjetAnswer> SyncFarmsAsync(
        [Header("X-Request-Id")] string requestId,
        [Body] RegistryRowsBody body,
        CancellationToken cancellationToken = default);

    [Post("/api/county-feature")]
    Task<DjetAnswer> SetCountyFeatureAsync(
        [Header("X-Request-Id")] string requestId,
        [Body] DjetCountyFeature body,
        CancellationToken cancellationToken = default);

    /// <summary>Tag stock registered at the hub (库存耳标登记表), entered into 动监e通 (录入动监e通).</summary>
    [Post("/api/tag-stock/sync")]
    Task<DjetAnswer> SyncTagStockAsync(
        [Header("X-Request-Id")] string requestId,
        [Body] DjetTagStockSyncBody body,
        CancellationToken cancellationToken = default);
}
