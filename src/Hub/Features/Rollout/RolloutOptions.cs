namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>
/// Rollout:Milestones — the plan's deadlines (Jilin ear-tag plan, part 三). Each is <c>{ "date": "2026-07-30" | "07-30", "rule":
/// "atLeastOne" | "half" | "all" }</c> or <c>{ "date": …, "share": 0.5 }</c> (a share of the prefecture's counties, rounded
/// up, at least one). A full date applies to its year only; a month-day applies to every year without full dates of
/// its own. With nothing configured the plan's three deadlines apply every year.
/// </summary>
public sealed class RolloutOptions
{
    public const string Section = "Rollout";

    // No defaults in the list itself: the configuration binder appends to a list, it would never replace them.
    public List<MilestoneSetting> Milestones { get; set; } = [];
}

public sealed class MilestoneSetting
{
    public string? Date { get; set; }
    public decimal? Share { get; set; }
    public string? Rule { get; set; }
}

public sealed class RolloutOptionsValidator : IValidateOptions<RolloutOptions>
{
    public ValidateOptionsResult Validate(string? name, RolloutOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Milestones.Count; i++)
        {
            if (!RolloutMilestones.TryParse(options.Milestones[i], out _, out var error))
                errors.Add($"{RolloutOptions.Section}:Milestones:{i}: {error}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
