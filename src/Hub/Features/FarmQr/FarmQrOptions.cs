using System.ComponentModel.DataAnnotations;

namespace EarTagTrace.Hub.Features.FarmQr;

public sealed class FarmQrOptions : IValidatableObject
{
    public const string Section = "FarmQr";

    /// <summary>The 动监e通 page that opens a declaration; the QR code carries it with ?yzcbm=&lt;farm&gt;&amp;ewm=&lt;token&gt;.</summary>
    public string PayloadBase { get; set; } = "https://djet.jl.gov.cn/sb";

    /// <summary>Size of one QR module in the PNG and SVG renderings.</summary>
    [Range(1, 40)] public int PixelsPerModule { get; set; } = 8;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PayloadBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Fragment.Length > 0)
            yield return new ValidationResult($"{Section}:PayloadBase must be an absolute http(s) URL without a fragment, got '{PayloadBase}'",
                [nameof(PayloadBase)]);
    }
}
