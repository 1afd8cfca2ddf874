using EarTagTrace.Hub.Features.Rollout;
using static EarTagTrace.Hub.Features.Rollout.GetRolloutReport;

namespace EarTagTrace.Hub.Tests.Features.Rollout;

/// <summary>
/// The Jilin plan, 三(二)/(三): "7月30日前…每个市州至少有1个县（市、区）应用新功能开展耳标发放和产地检疫出证。9月30日前，每个市州
/// 50%的县（市、区）应用新功能…10月30日前，全省所有县（市、区）要全部应用新功能". A county counts when it uses the function
/// (its first linked issuance and its first certificate since the switch), not when it is switched on. No database.
/// </summary>
public sealed class Judging_the_rollout_on_use
{
    private static readonly DateOnly July1 = new(2026, 7, 1);

    private static readonly RolloutCounties.Prefecture Changchun = new("2201", "长春市",
    [
        new("220122", "农安县", "2201", true), new("220182", "榆树市", "2201", true),
        new("220183", "德惠市", "2201", true), new("220171", "长春经济技术开发区", "2201", false),
    ]);

    private static DateTimeOffset Cst(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    private static RolloutReport Report(DateOnly asOf, Dictionary<string, CountyUse> use,
        Dictionary<string, CountyPreparation>? preparation = null)
    {
        var switches = use.Where(u => u.Value.Since is not null)
            .ToDictionary(u => u.Key, u => new CountySwitchState(true, u.Value.Since!.Value));
        var facts = new RolloutFacts.Facts(use, preparation ?? [], use.ToDictionary(u => u.Key, _ => (0, 0)));
        return Build(asOf, [Changchun], switches, facts, RolloutMilestones.Plan);
    }

    [Fact]
    public void Should_count_a_county_switched_on_but_not_issuing_as_not_in_use()
    {
        var report = Report(new DateOnly(2026, 7, 31), new()
        {
            // Switched on, certified, but never issued a tag through the function.
            ["220122"] = new CountyUse(July1, null, Cst(7, 20)),
        });

        var changchun = Assert.Single(report.Prefectures);
        Assert.Equal((1, 0), (changchun.Enabled, changchun.InUse));
        var july = changchun.Milestones[0];
        Assert.Equal((1, 1, 0, false), (july.Required, july.Enabled, july.InUse, july.Met));
    }

    [Fact]
    public void Should_date_use_from_the_later_of_first_issuance_and_first_certificate()
    {
        var use = new CountyUse(July1, Cst(7, 10), Cst(7, 31, 7));

        Assert.Equal(new DateOnly(2026, 7, 31), use.InUseFrom);
        Assert.False(use.InUseBy(new DateOnly(2026, 7, 30)));
        // 07:00 China time on 7/31 is still 7/30 in UTC: the plan's dates are China dates.
        Assert.Equal(new DateOnly(2026, 7, 31), new CountyUse(July1, Cst(7, 31, 7), Cst(7, 10)).InUseFrom);
    }

    [Fact]
    public void Should_meet_the_july_milestone_with_one_county_in_use_and_miss_september_with_one_of_three()
    {
        var report = Report(new DateOnly(2026, 9, 30), new()
        {
            ["220122"] = new CountyUse(July1, Cst(7, 10), Cst(7, 20)),
            ["220182"] = new CountyUse(new DateOnly(2026, 8, 1), Cst(8, 2), null),
            // A development zone in use does not count toward the plan's shares.
            ["220171"] = new CountyUse(July1, Cst(7, 2), Cst(7, 3)),
        });

        var changchun = Assert.Single(report.Prefectures);
        Assert.Equal((3, 2, 1, 33.3m), (changchun.Counties, changchun.Enabled, changchun.InUse, changchun.InUsePercentage));
        Assert.Equal([true, false, false], changchun.Milestones.Select(m => m.Met));
        Assert.Equal([1, 1, 1], changchun.Milestones.Select(m => m.InUse));
        Assert.Equal([false, false, true], changchun.Milestones.Select(m => m.Ahead));
        var nongan = changchun.CountyList.Single(c => c.Code == "220122");
        Assert.Equal((new DateOnly(2026, 7, 20), true), (nongan.InUseSince, nongan.InUse));
    }

    [Fact]
    public void Should_judge_the_june_preparation_on_complete_farms_and_imported_stock()
    {
        // 三(一): "6月30日前…完成辖区内全部猪、牛、羊养殖场户信息的核对…完成库存耳标信息的填报…导入“动监e通”信息系统".
        var report = Report(new DateOnly(2026, 7, 5), [], new()
        {
            ["220122"] = new CountyPreparation(40, 40, Cst(6, 20)),
            ["220182"] = new CountyPreparation(40, 39, Cst(6, 20)),
            ["220183"] = new CountyPreparation(12, 12, Cst(7, 2)),
        });

        var changchun = Assert.Single(report.Prefectures);
        Assert.Equal((new DateOnly(2026, 6, 30), 3, 1, false, false),
            (changchun.Preparation.Date, changchun.Preparation.Required, changchun.Preparation.Ready, changchun.Preparation.Met,
                changchun.Preparation.Ahead));
        var byCode = changchun.CountyList.ToDictionary(c => c.Code);
        Assert.Equal((100m, true, true), (byCode["220122"].CompleteShare, byCode["220122"].StockImported, byCode["220122"].Prepared));
        Assert.Equal((97.5m, false), (byCode["220182"].CompleteShare, byCode["220182"].Prepared));
        // Imported after the 30th: imported now, but not prepared in time.
        Assert.Equal((true, false), (byCode["220183"].StockImported, byCode["220183"].Prepared));
        Assert.Equal((null, false), (byCode["220171"].CompleteShare, byCode["220171"].StockImported));
    }

    [Fact]
    public void Should_pass_acceptance_only_for_use_by_the_last_deadline_and_name_each_problem()
    {
        // 三(四): "11月30日前，对全省各县（市、区）应用情况进行验收…对存在的问题予以通报".
        var report = Report(new DateOnly(2026, 11, 30), new()
        {
            ["220122"] = new CountyUse(July1, Cst(7, 10), Cst(7, 20)),
            ["220182"] = new CountyUse(new DateOnly(2026, 10, 1), Cst(11, 2), Cst(11, 3)),
            ["220183"] = new CountyUse(new DateOnly(2026, 10, 1), Cst(10, 2), null),
        }, new()
        {
            ["220122"] = new CountyPreparation(40, 40, Cst(6, 20)),
            ["220182"] = new CountyPreparation(40, 39, Cst(6, 20)),
        });

        var acceptance = GetAcceptanceReport.Build(report.Prefectures[0], report.AsOf, RolloutMilestones.Plan);

        var byCode = acceptance.CountyList.ToDictionary(c => c.County.Code);
        Assert.Equal(new DateOnly(2026, 10, 30), acceptance.Deadline);
        Assert.True(byCode["220122"].Passed);
        Assert.Empty(byCode["220122"].Problems);
        Assert.False(byCode["220182"].Passed);
        Assert.Equal([RolloutAcceptance.LateUse, RolloutAcceptance.FarmsIncomplete], byCode["220182"].Problems);
        Assert.Equal([RolloutAcceptance.NoCertificate, RolloutAcceptance.NoFarms, RolloutAcceptance.StockNotImported],
            byCode["220183"].Problems);
        Assert.Equal(1, acceptance.Passed);
    }
}
