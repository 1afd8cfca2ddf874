using System.Text.Json.Nodes;
using EarTagTrace.Mappings.NationalCloud;
using Refit;

namespace EarTagTrace.Adapters.FujianMonitoring;

/// <summary>
/// 福建省农产品质量安全监测系统 (docs/partners.md, Fujian monitoring system): rapid-test uploads. Its interface is not
/// public; the hub assumes the national platforms' token scheme, batch body and answer envelope.
/// </summary>
public interface IFujianMonitoringApi
{
    /// <summary>Rapid-test results 快速检测 of key products on the 监管名录 (Anxi notice 二(一)).</summary>
    [Post("/api/v1/rapid-tests")]
    Task<NationalAnswer> UploadRapidTestsAsync(
        [Header("X-Request-Id")] string requestId, [Body] NationalBatch<JsonObject> batch, CancellationToken cancellationToken = default);

    /// <summary>Reconciliation as the national platforms answer it (assumed): type rapid-tests, a county, a China date.</summary>
    [Get("/api/v1/reconcile")]
    Task<NationalReconcileAnswer> ReconcileAsync(
        [Query] string type, [Query] string countyCode, [Query] string date, CancellationToken cancellationToken = default);
}
