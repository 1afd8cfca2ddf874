using System.Security.Cryptography;

namespace EarTagTrace.Hub.Features.FarmQr;

/// <summary>二维码 token of a farm: 128 random bits, so that knowing one farm's code never lets anyone guess its token.</summary>
public static class FarmQrTokens
{
    /// <summary>A new token: 16 bytes from the system CSPRNG, base64url without padding (22 characters).</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
