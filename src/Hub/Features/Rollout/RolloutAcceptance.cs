using static EarTagTrace.Hub.Features.Rollout.GetRolloutReport;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>
/// 总结验收阶段 (the plan, 三(四)): "11月30日前，对全省各县（市、区）应用情况进行验收，对好的经验做法予以推广，对存在的问题予以通报".
/// A county passes when it uses the function for issuance and certificates by the plan's last deadline (全部应用, 10/30);
/// every problem found is named so the province can 通报 it.
/// </summary>
public static class RolloutAcceptance
{
    public const string NotSwitchedOn = "未启用新功能 not switched on";
    public const string NoIssuance = "未通过新功能发放耳标 no linked issuance";
    public const string NoCertificate = "未通过新功能检疫出证 no certificate";
    public const string LateUse = "应用晚于全面应用期限 in use only after the deadline";
    public const string FarmsIncomplete = "养殖场户信息不完整 farms incomplete";
    public const string NoFarms = "无养殖场户信息 no registry farms";
    public const string StockNotImported = "库存耳标未导入 tag stock not imported";

    public sealed record CountyVerdict(bool Passed, IReadOnlyList<string> Problems);

    /// <param name="deadline">The plan's last milestone (全部应用): use from this date or earlier passes.</param>
    public static CountyVerdict Judge(RolloutCounty county, DateOnly deadline)
    {
        var problems = new List<string>();
        if (!county.Enabled) problems.Add(NotSwitchedOn);
        else
        {
            if (county.FirstIssuance is null) problems.Add(NoIssuance);
            if (county.FirstCertificate is null) problems.Add(NoCertificate);
            if (county.InUseSince is { } from && from > deadline) problems.Add(LateUse);
        }
        if (county.Farms == 0) problems.Add(NoFarms);
        else if (county.CompleteFarms < county.Farms) problems.Add(FarmsIncomplete);
        if (!county.StockImported) problems.Add(StockNotImported);
        var passed = county.InUseSince is { } used && used <= deadline;
        return new CountyVerdict(passed, problems);
    }
}
