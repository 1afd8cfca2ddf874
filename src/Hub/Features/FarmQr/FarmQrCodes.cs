using QRCoder;

namespace EarTagTrace.Hub.Features.FarmQr;

/// <summary>What the farm's QR code says and how it is drawn (QRCoder's renderers that need no System.Drawing).</summary>
public static class FarmQrCodes
{
    /// <summary>The 动监e通 declaration URL for the farm: it needs the farm code and the token to open the form.</summary>
    public static string Payload(string payloadBase, string farmCode, string token)
    {
        var separator = payloadBase.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{payloadBase}{separator}yzcbm={Uri.EscapeDataString(farmCode)}&ewm={Uri.EscapeDataString(token)}";
    }

    public static byte[] Png(string payload, int pixelsPerModule)
    {
        using var data = Encode(payload);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string Svg(string payload, int pixelsPerModule)
    {
        using var data = Encode(payload);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule);
    }

    // Level M survives a smudged or partly torn printout on a barn wall, and keeps the code small for a ~70-char URL.
    private static QRCodeData Encode(string payload) => QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
}
