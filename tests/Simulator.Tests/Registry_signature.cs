namespace EarTagTrace.Simulator.Tests;

public sealed class Registry_signature : IDisposable
{
    private readonly TestClock _time = TestClock.StoppedAt(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly PartnerSimulators _sims;

    public Registry_signature() => _sims = PartnerSimulators.Start(new SimulatorOptions { Farms = 50, TimeProvider = _time });

    public void Dispose() => _sims.Dispose();

    private string ListUrl => _sims.FarmRegistryUrl + "/openapi/yzc/list?gxsjStart=2025-01-01%2000%3A00%3A00&page=1&pageSize=10";

    [Fact]
    public async Task Should_accept_a_fresh_correctly_signed_request()
    {
        var (status, body) = await SimClient.SignedAsync(HttpMethod.Get, ListUrl, null, "fr-sandbox", "fr-sandbox-secret", _time.GetUtcNow());
        Assert.Equal(200, status);
        Assert.Equal(0, body["code"]!.GetValue<int>());
        Assert.Equal(10, body["data"]!["rows"]!.AsArray().Count);
    }

    [Fact]
    public async Task Should_refuse_a_timestamp_older_than_five_minutes()
    {
        var (status, body) = await SimClient.SignedAsync(HttpMethod.Get, ListUrl, null, "fr-sandbox", "fr-sandbox-secret", _time.GetUtcNow().AddMinutes(-6));
        Assert.Equal(401, status);
        Assert.Equal(4012, body["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_refuse_a_timestamp_far_in_the_future()
    {
        var (status, body) = await SimClient.SignedAsync(HttpMethod.Get, ListUrl, null, "fr-sandbox", "fr-sandbox-secret", _time.GetUtcNow().AddMinutes(6));
        Assert.Equal(401, status);
        Assert.Equal(4012, body["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_refuse_an_unknown_app_key()
    {
        var (status, body) = await SimClient.SignedAsync(HttpMethod.Get, ListUrl, null, "dj-sandbox", "fr-sandbox-secret", _time.GetUtcNow());
        Assert.Equal(401, status);
        Assert.Equal(4011, body["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_refuse_a_signature_made_with_the_wrong_secret()
    {
        var (status, body) = await SimClient.SignedAsync(HttpMethod.Get, ListUrl, null, "fr-sandbox", "fr-sandbox-secret", _time.GetUtcNow(), signWith: "guessed");
        Assert.Equal(401, status);
        Assert.Equal(4013, body["code"]!.GetValue<int>());
    }

    [Fact]
    public void Should_sign_as_lowercase_hex_hmac_of_the_documented_concatenation()
    {
        // Independent computation of the signature of docs/partners.md, so a change in PartnerSignature's concatenation is caught.
        var payload = "fr-sandbox" + "1700000000000" + "GET" + "/openapi/yzc/list?page=1" + "";
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes("fr-sandbox-secret"), System.Text.Encoding.UTF8.GetBytes(payload)));
        Assert.Equal(expected, PartnerSignature.Sign("fr-sandbox-secret", "fr-sandbox", 1700000000000, "get", "/openapi/yzc/list?page=1", ""));
    }
}
