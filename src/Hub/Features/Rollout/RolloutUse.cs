using EarTagTrace.Hub.Ledger;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>
/// What a county did with the new function, the facts the plan judges it on. The plan counts counties that
/// 应用新功能开展耳标发放和产地检疫出证 (use it for ear-tag issuance and for origin certificates), not counties switched on.
/// </summary>
/// <param name="Since">The switch-on date (China date), or null when the county is not switched on.</param>
/// <param name="FirstIssuance">Its first linked issuance (一次 or 二次发放 by the county or one of its townships) from Since on.</param>
/// <param name="FirstCertificate">Its first 产地检疫合格证明 from Since on.</param>
public sealed record CountyUse(DateOnly? Since, DateTimeOffset? FirstIssuance, DateTimeOffset? FirstCertificate)
{
    public static readonly CountyUse None = new(null, null, null);

    /// <summary>
    /// The China date from which the county uses the function: when it has both issued tags and certified through it,
    /// the later of the two first times; null while either is missing.
    /// </summary>
    public DateOnly? InUseFrom =>
        Since is not null && FirstIssuance is { } issued && FirstCertificate is { } certified
            ? CountyRolloutRules.ChinaDate(issued > certified ? issued : certified)
            : null;

    public bool InUseBy(DateOnly day) => InUseFrom is { } from && from <= day;
}

/// <summary>
/// The 准备阶段 (6/30) facts of a county: its registry farms checked complete (核对) and its 库存耳标 imported.
/// </summary>
/// <param name="Farms">Active registry farms of the county.</param>
/// <param name="CompleteFarms">Of those, complete (信息完整: name, phone, species with stock, address).</param>
/// <param name="FirstStockRegisteredAt">The first tag-stock registration of the county's tags, or null.</param>
public sealed record CountyPreparation(int Farms, int CompleteFarms, DateTimeOffset? FirstStockRegisteredAt)
{
    public static readonly CountyPreparation None = new(0, 0, null);

    /// <summary>Percentage of complete farms; null for a county with no active farm in the registry.</summary>
    public decimal? CompleteShare => Farms == 0 ? null : Math.Round(100m * CompleteFarms / Farms, 1);

    public bool StockImportedBy(DateOnly day) =>
        FirstStockRegisteredAt is { } at && CountyRolloutRules.ChinaDate(at) <= day;

    /// <summary>
    /// Prepared by <paramref name="day"/>: every active farm complete (and at least one farm: a county whose registry
    /// holds none has checked nothing) and stock imported by then. Completeness is the farms' state today; the hub keeps
    /// no history of it.
    /// </summary>
    public bool ReadyBy(DateOnly day) => Farms > 0 && CompleteFarms == Farms && StockImportedBy(day);
}
