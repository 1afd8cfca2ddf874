using EarTagTrace.Adapters.Common;

namespace EarTagTrace.Adapters.Djet;

/// <summary>动监e通 backend (provincial animal-health supervision system), bound from <see cref="Section"/>.</summary>
public sealed class DjetOptions : PartnerHttpOptions
{
    public const string Section = "Partners:Djet";

    public DjetOptions() => BaseUrl = "http://127.0.0.1:5082";

    public string AppKey { get; set; } = "dj-sandbox";
    public string Secret { get; set; } = "dj-sandbox-secret";

    public override IEnumerable<string> Validate(string section) =>
        base.Validate(section)
            .Concat(Required(section, nameof(AppKey), AppKey))
            .Concat(Required(section, nameof(Secret), Secret));
}
