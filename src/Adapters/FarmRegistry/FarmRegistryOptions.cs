using EarTagTrace.Adapters.Common;

namespace EarTagTrace.Adapters.FarmRegistry;

/// <summary>畜禽养殖场户基础信息采集系统 farm registry: where to pull from and how, bound from <see cref="Section"/>.</summary>
public sealed class FarmRegistryOptions : PartnerHttpOptions
{
    public const string Section = "Partners:FarmRegistry";

    public FarmRegistryOptions() => BaseUrl = "http://127.0.0.1:5081";

    public string AppKey { get; set; } = "fr-sandbox";
    public string Secret { get; set; } = "fr-sandbox-secret";

    /// <summary>Rows per pulled page; the registry serves at most 500.</summary>
    public int PageSize { get; set; } = 500;
    public int PullIntervalSeconds { get; set; } = 60;
    public bool PullEnabled { get; set; } = true;

    public override IEnumerable<string> Validate(string section) =>
        base.Validate(section)
            .Concat(Required(section, nameof(AppKey), AppKey))
            .Concat(Required(section, nameof(Secret), Secret))
            .Concat(PageSize is < 1 or > 500 ? [$"{section}:PageSize must be 1..500, got {PageSize}"] : [])
            .Concat(PullIntervalSeconds < 1 ? [$"{section}:PullIntervalSeconds must be at least 1, got {PullIntervalSeconds}"] : []);
}
