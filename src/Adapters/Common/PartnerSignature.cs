using System.Security.Cryptography;
using System.Text;

namespace EarTagTrace.Adapters.Common;

/// <summary>
/// The signing scheme shared by the farm registry and 动监e通 (docs/partners.md, signing):
/// sign = lowercase hex HMAC-SHA256(secret, appKey + timestamp + METHOD + path-and-query + body).
/// </summary>
public static class PartnerSignature
{
    public const string AppKeyHeader = "appKey";
    public const string TimestampHeader = "timestamp";
    public const string SignHeader = "sign";

    public static string Sign(string secret, string appKey, long timestampMs, string method, string pathAndQuery, string body) =>
        Sign(secret, appKey, timestampMs, method, pathAndQuery, Encoding.UTF8.GetBytes(body));

    /// <summary>Over the body's bytes exactly as sent: a body that is not valid UTF-8 is still signed as it is.</summary>
    public static string Sign(string secret, string appKey, long timestampMs, string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes(string.Concat(
            appKey,
            timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            method.ToUpperInvariant(),
            pathAndQuery));
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        mac.AppendData(head);
        mac.AppendData(body);
        return Convert.ToHexStringLower(mac.GetHashAndReset());
    }
}
