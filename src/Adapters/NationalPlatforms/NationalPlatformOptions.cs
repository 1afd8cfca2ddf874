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

    public string ClientId { get; set; } = "eartag-sandbox";
    public string ClientSecret { get; set; } = "eartag-sandbox-secret";

    /// <summary>provinceCode of every batch; 22 is Jilin 吉林.</summary>
    public string ProvinceCode { get; set; } = "22";

    /// <summary>The cached token is replaced this long before expires_in runs out (at most a fifth of its life).</summary>
    public int TokenRefreshMarginSeconds { get; set; } = 60;

    public override IEnumerable<string> Validate(string section) =>
        base.Validate(section)
            .Concat(Required(section, nameof(ClientId), ClientId))
            .Concat(Required(section, nameof(ClientSecret), ClientSecret))
            .Concat(ProvinceCode is { Length: 2 } && ProvinceCode.All(char.IsAsciiDigit)
                ? [] : [$"{section}:ProvinceCode must be a 2-digit province code, got '{ProvinceCode}'"])
            .Concat(TokenRefreshMarginSeconds < 0 ? [$"{section}:TokenRefreshMarginSeconds must not be negative, got {TokenRefreshMarginSeconds}"] : []);
}
