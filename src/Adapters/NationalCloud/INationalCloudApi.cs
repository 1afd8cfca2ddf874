using EarTagTrace.Mappings.NationalCloud;
using Refit;

namespace EarTagTrace.Adapters.NationalCloud;

/// <summary>
/// 国家云平台 batch uploads (docs/partners.md, national cloud platform), at most 500 items each. The X-Request-Id makes a resend idempotent:
/// the platform answers a repeated id as a duplicate.
/// </summary>
public interface INationalCloudApi
{
    [Post("/api/v1/farms")]
    Task<NationalAnswer> UploadFarmsAsync(
        [Header("X-Request-Id")] string requestId, [Body] NationalBatch<NationalFarmItem> batch, CancellationToken cancellationToken = default);

    [Post("/api/v1/eartag/stock")]
    Task<NationalAnswer> UploadTagStockAsync(
        [Header("X-Request-Id")] string requestId, [Body] NationalBatch<NationalStockItem> batch, CancellationToken cancellationToken = default);

    [Post("/api/v1/eartag/issuances")]
    Task<NationalAnswer> UploadIssuancesAsync(
        [Header("X-Request-Id")] string requestId, [Body] NationalBatch<NationalIssuanceItem> batch, CancellationToken cancellationToken = default);

    [Post("/api/v1/eartag/cancellations")]
    Task<NationalAnswer> UploadCancellationsAsync(
        [Header("X-Request-Id")] string requestId, [Body] NationalBatch<NationalCancellationItem> batch, CancellationToken cancellationToken = default);

    [Post("/api/v1/quarantine/certificates")]
    Task<NationalAnswer> UploadCertificatesAsync(
        [Header("X-Request-Id")] string requestId, [Body] NationalBatch<NationalCertificateItem> batch, CancellationToken cancellationToken = default);

    /// <summary>Reconciliation (interfaces.md §3): type certificates, issuances or farms; date yyyy-MM-dd (China time).</summary>
    [Get("/api/v1/reconcile")]
    Task<NationalReconcileAnswer> ReconcileAsync(
        [Query] string type, [Query] string countyCode, [Query] string date, CancellationToken cancellationToken = default);
}
