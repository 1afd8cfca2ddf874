using System.Security.Cryptography;
using System.Text;

namespace EarTagTrace.Simulator;

/// <summary>
/// The registry / 动监e通 signing scheme (docs/partners.md, signing): lowercase hex HMAC-SHA256(secret,
/// appKey + timestamp + METHOD + path-and-query + body), sent in headers appKey, timestamp, sign.
/// </summary>
public static class PartnerSignature
{
    public const string AppKeyHeader = "appKey";
    public const string TimestampHeader = "timestamp";
    public const string SignHeader = "sign";

    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string appKey, long timestampMs, string method, string pathAndQuery, string body)
    {
        var payload = appKey + timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + method.ToUpperInvariant() + pathAndQuery + body;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Adds appKey/timestamp/sign headers to a request whose URI and body are final.</summary>
    public static async Task SignAsync(HttpRequestMessage request, string appKey, string secret, long timestampMs, CancellationToken ct = default)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request needs an absolute URI before signing.");
        var sign = Sign(secret, appKey, timestampMs, request.Method.Method, uri.PathAndQuery, body);
        request.Headers.Remove(AppKeyHeader);
        request.Headers.Remove(TimestampHeader);
        request.Headers.Remove(SignHeader);
        request.Headers.Add(AppKeyHeader, appKey);
        request.Headers.Add(TimestampHeader, timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SignHeader, sign);
    }

    /// <summary>Checks a received request; null when it is genuine and fresh, else the refusal to send.</summary>
    public static SignatureRefusal? Verify(string expectedAppKey, string secret, DateTimeOffset now,
        string? appKey, string? timestamp, string? sign, string method, string pathAndQuery, string body)
    {
        if (string.IsNullOrEmpty(appKey) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(sign))
            return new SignatureRefusal(4010, "missing appKey, timestamp or sign header");
        if (!string.Equals(appKey, expectedAppKey, StringComparison.Ordinal))
            return new SignatureRefusal(4011, $"unknown appKey '{appKey}'");
        if (!long.TryParse(timestamp, out var ts))
            return new SignatureRefusal(4012, "timestamp is not Unix milliseconds");
        var skew = now - DateTimeOffset.FromUnixTimeMilliseconds(ts);
        if (skew.Duration() > MaxSkew)
            return new SignatureRefusal(4012, $"timestamp outside ±5 minutes (skew {skew.TotalSeconds:F0} s)");
        var expected = Sign(secret, appKey, ts, method, pathAndQuery, body);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(sign.ToLowerInvariant())))
            return new SignatureRefusal(4013, "signature mismatch");
        return null;
    }
}
