using EarTagTrace.Adapters.Common;

namespace EarTagTrace.Adapters.NationalPlatforms;

/// <summary>
/// One national platform (国家云平台 or 国家农产品质量安全追溯管理信息平台): both share the token scheme and answer
/// envelope, so one options type serves both as the named options <see cref="NationalCloud"/> and <see cref="NationalAgri"/>.
/// </summary>
public sealed class NationalPlatformOptions : PartnerHttpOptions
{
    public const string NationalCloud = "NationalCloud";
    public const string NationalAgri = "NationalAgri";
    public const string NationalCloudSection = "Partners:NationalCloud";
    public const string NationalAgriSection = "Partners:NationalAgri";
    /// <summary>福建省农产品质量安全监测系统: assumed to share the national platforms' scheme (docs/partners.md).</summary>
    public const string FujianMonitoring = "FujianMonitoring";
    public const string FujianMonitoringSection = "Partners:FujianMonitoring";

    public string ClientId { get; set; } = "eartag-sandbox";
    public string ClientSecret { get; set; } = "eartag-sandbox-secret";

    /// <summary>
    /// provinceCode of a batch whose records carry no region of their own; a record with a region goes out under its
    /// own province (the region code's first two digits: 22 Jilin 吉林, 35 Fujian 福建). 22 by default.
    /// </summary>
    public string ProvinceCode { get; set; } = "22";

    /// <summary>
    /// For a deployment that serves one province: a record of another province is not sent (its delivery fails with
    /// PROVINCE_NOT_SERVED). Empty (the default): every province the hub's regions hold.
    /// </summary>
    public string? PinnedProvince { get; set; }

    /// <summary>The cached token is replaced this long before expires_in runs out (at most a fifth of its life).</summary>
    public int TokenRefreshMarginSeconds { get; set; } = 60;

    public override IEnumerable<string> Validate(string section) =>
        base.Validate(section)
            .Concat(Required(section, nameof(ClientId), ClientId))
            .Concat(Required(section, nameof(ClientSecret), ClientSecret))
            .Concat(ProvinceCode is { Length: 2 } && ProvinceCode.All(char.IsAsciiDigit)
                ? [] : [$"{section}:ProvinceCode must be a 2-digit province code, got '{ProvinceCode}'"])
            .Concat(string.IsNullOrEmpty(PinnedProvince) || PinnedProvince is { Length: 2 } && PinnedProvince.All(char.IsAsciiDigit)
                ? [] : [$"{section}:PinnedProvince must be empty or a 2-digit province code, got '{PinnedProvince}'"])
            .Concat(TokenRefreshMarginSeconds < 0 ? [$"{section}:TokenRefreshMarginSeconds must not be negative, got {TokenRefreshMarginSeconds}"] : []);
}
