using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EarTagTrace.Adapters.Common;

/// <summary>Checks the appKey/timestamp/sign headers of a partner push (docs/partners.md, signing).</summary>
public sealed class SignatureVerifier(TimeProvider timeProvider)
{
    /// <summary>Requests older than this are refused; the same window applies to clocks running ahead.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <param name="pathAndQuery">The request target exactly as the partner sent it (raw, still percent-encoded).</param>
    /// <param name="secretForAppKey">The partner's secret for an appKey, or null when the appKey is not known.</param>
    public SignatureCheck Verify(
        string? appKey, string? timestamp, string? sign, string method, string pathAndQuery, string body,
        Func<string, string?> secretForAppKey) =>
        Verify(appKey, timestamp, sign, method, pathAndQuery, Encoding.UTF8.GetBytes(body), secretForAppKey);

    /// <param name="body">The body's bytes exactly as received.</param>
    public SignatureCheck Verify(
        string? appKey, string? timestamp, string? sign, string method, string pathAndQuery, byte[] body,
        Func<string, string?> secretForAppKey)
    {
        if (string.IsNullOrEmpty(appKey) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(sign))
        {
            return SignatureCheck.Refused(SignatureCheck.SignatureMissing,
                "headers appKey, timestamp and sign are all required", string.IsNullOrEmpty(appKey) ? null : appKey);
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var timestampMs))
        {
            return SignatureCheck.Refused(SignatureCheck.TimestampStale,
                $"timestamp '{timestamp}' is not Unix milliseconds", appKey);
        }

        var skew = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - timestampMs;
        if (Math.Abs(skew) > (long)Window.TotalMilliseconds)
        {
            return SignatureCheck.Refused(SignatureCheck.TimestampStale,
                $"timestamp is {skew / 1000} s away from the hub's clock; at most {Window.TotalMinutes:0} minutes allowed", appKey);
        }

        var secret = secretForAppKey(appKey);
        if (secret is null)
        {
            return SignatureCheck.Refused(SignatureCheck.AppKeyUnknown, $"appKey '{appKey}' is not known", appKey);
        }

        var expected = PartnerSignature.Sign(secret, appKey, timestampMs, method, pathAndQuery, body);
        // Constant-time so the time to refuse does not leak how many leading characters matched.
        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(sign.ToLowerInvariant()));
        return matches
            ? SignatureCheck.Valid(appKey)
            : SignatureCheck.Refused(SignatureCheck.SignatureInvalid, "sign does not match the request", appKey);
    }
}
