using System.Text.Json.Nodes;
using EarTagTrace.Mappings.NationalCloud;
using Refit;

namespace EarTagTrace.Adapters.NationalAgri;

/// <summary>国家农产品质量安全追溯管理信息平台 uploads (docs/partners.md, national agri-product platform): same token scheme and envelope as the national cloud.</summary>
public interface INationalAgriApi
{
    /// <summary>Key-product origin records 重点品种产地追溯信息 (Anxi origin-traceability notice, part 三).</summary>
    [Post("/api/v1/origin/records")]
    Task<NationalAnswer> UploadOriginRecordsAsync(
        [Header("X-Request-Id")] string requestId, [Body] NationalBatch<JsonObject> batch, CancellationToken cancellationToken = default);

    /// <summary>Rapid-test results 快检结果 of sampled products.</summary>
    [Post("/api/v1/rapid-tests")]
    Task<NationalAnswer> UploadRapidTestsAsync(
        [Header("X-Request-Id")] string requestId, [Body] NationalBatch<JsonObject> batch, CancellationToken cancellationToken = default);
}
