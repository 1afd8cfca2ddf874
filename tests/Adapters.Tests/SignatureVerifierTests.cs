using EarTagTrace.Adapters.Common;

namespace EarTagTrace.Adapters.Tests;

public class Verifying_an_inbound_signature
{
    private const string Path = "/adapters/djet/declarations";
    private const string Body = """{"sbdh":"SB1"}""";
    private readonly TestClock _clock = new();
    private static string? Secrets(string appKey) => appKey == "dj-sandbox" ? "dj-sandbox-secret" : null;

    private SignatureCheck Verify(long timestampMs, string? sign = null, string appKey = "dj-sandbox", string body = Body)
    {
        sign ??= PartnerSignature.Sign("dj-sandbox-secret", appKey, timestampMs, "POST", Path, Body);
        return new SignatureVerifier(_clock).Verify(appKey, timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            sign, "POST", Path, body, Secrets);
    }

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void Should_accept_a_fresh_correct_signature()
    {
        var check = Verify(Now - 60_000);
        Assert.True(check.IsValid);
        Assert.Null(check.ReasonCode);
        Assert.Equal("dj-sandbox", check.AppKey);
    }

    [Fact]
    public void Should_refuse_a_timestamp_older_than_five_minutes() =>
        Assert.Equal(SignatureCheck.TimestampStale, Verify(Now - 301_000).ReasonCode);

    [Fact]
    public void Should_refuse_a_timestamp_more_than_five_minutes_ahead() =>
        Assert.Equal(SignatureCheck.TimestampStale, Verify(Now + 301_000).ReasonCode);

    [Fact]
    public void Should_refuse_a_request_that_became_stale_while_the_clock_advanced()
    {
        var timestamp = Now;
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(SignatureCheck.TimestampStale, Verify(timestamp).ReasonCode);
    }

    [Fact]
    public void Should_refuse_an_unknown_app_key() =>
        Assert.Equal(SignatureCheck.AppKeyUnknown, Verify(Now, appKey: "intruder").ReasonCode);

    [Fact]
    public void Should_refuse_a_tampered_body() =>
        Assert.Equal(SignatureCheck.SignatureInvalid, Verify(Now, body: """{"sbdh":"SB2"}""").ReasonCode);

    [Fact]
    public void Should_refuse_a_signature_made_with_another_secret()
    {
        var timestamp = Now;
        var forged = PartnerSignature.Sign("guessed", "dj-sandbox", timestamp, "POST", Path, Body);
        Assert.Equal(SignatureCheck.SignatureInvalid, Verify(timestamp, forged).ReasonCode);
    }

    [Fact]
    public void Should_refuse_missing_headers()
    {
        var check = new SignatureVerifier(_clock).Verify("dj-sandbox", null, "abc", "POST", Path, Body, Secrets);
        Assert.False(check.IsValid);
        Assert.Equal(SignatureCheck.SignatureMissing, check.ReasonCode);
    }
}
