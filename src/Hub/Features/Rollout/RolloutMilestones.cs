using System.Globalization;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>A deadline by which a share of each prefecture's counties must have switched on.</summary>
/// <param name="Year">The one year it applies to, or null for a month-day that recurs every year.</param>
public sealed record MilestoneRule(int? Year, int Month, int Day, string Rule, decimal? Share)
{
    public DateOnly In(int year) => new(Year ?? year, Month, Day);

    /// <summary>Counties needed out of <paramref name="counties"/>: shares round up, and any share needs at least one.</summary>
    public int Required(int counties) => Rule switch
    {
        RolloutMilestones.AtLeastOne => Math.Min(1, counties),
        RolloutMilestones.Half => (counties + 1) / 2,
        RolloutMilestones.All => counties,
        _ => Math.Clamp((int)Math.Ceiling(Share!.Value * counties), Math.Min(1, counties), counties),
    };
}

public static class RolloutMilestones
{
    public const string AtLeastOne = "atLeastOne";
    public const string Half = "half";
    public const string All = "all";
    public const string ShareRule = "share";

    /// <summary>
    /// 推进阶段 by 30 July at least one county per prefecture, by 30 September half of them; 全面应用阶段 by 30 October
    /// all of them.
    /// </summary>
    public static readonly IReadOnlyList<MilestoneRule> Plan =
    [
        new(null, 7, 30, AtLeastOne, null),
        new(null, 9, 30, Half, null),
        new(null, 10, 30, All, null),
    ];

    /// <summary>准备阶段: by 30 June each county has checked its registry farms and imported its 库存耳标.</summary>
    public static DateOnly PreparationIn(int year) => new(year, 6, 30);

    /// <summary>总结验收阶段: by 30 November the province accepts (验收) each county's use of the function.</summary>
    public static DateOnly AcceptanceIn(int year) => new(year, 11, 30);

    /// <summary>
    /// The milestones of <paramref name="year"/>: the configured full dates of that year if there are any, else the
    /// configured month-days, else the plan's.
    /// </summary>
    public static IReadOnlyList<MilestoneRule> ForYear(RolloutOptions options, int year)
    {
        var rules = options.Milestones.Select(s => TryParse(s, out var rule, out _) ? rule : null).OfType<MilestoneRule>().ToList();
        var dated = rules.Where(r => r.Year == year).ToList();
        var chosen = dated.Count > 0 ? dated : rules.Where(r => r.Year is null).ToList();
        return (chosen.Count > 0 ? chosen : Plan).OrderBy(r => r.In(year)).ToList();
    }

    public static bool TryParse(MilestoneSetting setting, out MilestoneRule rule, out string error)
    {
        rule = null!;
        error = "";
        int? year = null;
        int month, day;
        if (DateOnly.TryParseExact(setting.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var full))
            (year, month, day) = (full.Year, full.Month, full.Day);
        // A leap day cannot recur: 2000 is only there to validate month and day.
        else if (DateOnly.TryParseExact(setting.Date, "MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var recurring)
            && !(recurring.Month == 2 && recurring.Day == 29))
            (month, day) = (recurring.Month, recurring.Day);
        else
        {
            error = $"Date must be yyyy-MM-dd (that year) or MM-dd (every year), got '{setting.Date}'";
            return false;
        }

        if (setting.Rule is not null == setting.Share is not null)
        {
            error = "give either Rule (atLeastOne, half, all) or Share (0 < share ≤ 1), not both or neither";
            return false;
        }
        if (setting.Share is { } share)
        {
            if (share is <= 0 or > 1)
            {
                error = $"Share must be above 0 and at most 1, got {share.ToString(CultureInfo.InvariantCulture)}";
                return false;
            }
            rule = new MilestoneRule(year, month, day, ShareRule, share);
            return true;
        }
        var named = new[] { AtLeastOne, Half, All }.FirstOrDefault(n => string.Equals(n, setting.Rule, StringComparison.OrdinalIgnoreCase));
        if (named is null)
        {
            error = $"Rule must be atLeastOne, half or all, got '{setting.Rule}'";
            return false;
        }
        rule = new MilestoneRule(year, month, day, named, null);
        return true;
    }
}
