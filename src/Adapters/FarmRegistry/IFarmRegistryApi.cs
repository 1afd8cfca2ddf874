using Refit;

namespace EarTagTrace.Adapters.FarmRegistry;

/// <summary>Outbound calls to the farm registry (docs/partners.md, farm registry), signed and wrapped in the partner resilience pipeline.</summary>
public interface IFarmRegistryApi
{
    /// <summary>
    /// One page of farms updated since <paramref name="gxsjStart"/> (yyyy-MM-dd HH:mm:ss, CST), ordered by gxsj.
    /// Returns the raw body because the hub journals pages exactly as received; parse it as RegistryPage.
    /// </summary>
    [Get("/openapi/yzc/list")]
    Task<string> ListFarmsAsync(
        [AliasAs("gxsjStart")] string gxsjStart,
        [AliasAs("page")] int page,
        [AliasAs("pageSize")] int pageSize,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// 现场纠正 farm corrections from 动监e通, 1–500 rows (信息共享). The registry's write interface is not public: this is
    /// the hub's assumption (docs/partners.md, farm registry), answered per row.
    /// </summary>
    [Post("/openapi/yzc/correction")]
    Task<EarTagTrace.Mappings.FarmRegistry.RegistryCorrectionAnswer> CorrectFarmsAsync(
        [Header("X-Request-Id")] string requestId,
        [Body] EarTagTrace.Mappings.FarmRegistry.RegistryCorrectionBody body,
        CancellationToken cancellationToken = default);
}
