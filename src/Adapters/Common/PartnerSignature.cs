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

    public static string Sign(string secret, string appKey, long timestampMs, string method, string pathAndQuery, string body)
    {
        var payload = string.Concat(
            appKey,
            timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            method.ToUpperInvariant(),
            pathAndQuery,
            body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload));
        return Convert.ToHexStringLower(mac);
    }
}
