using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Djet;
using EarTagTrace.Simulator.Registry;

namespace EarTagTrace.Simulator.Tests;

public sealed class Djet_backend : IDisposable
{
    private readonly TestClock _time = TestClock.StoppedAt(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly PartnerSimulators _sims;

    public Djet_backend() => _sims = PartnerSimulators.Start(new SimulatorOptions { Farms = 20, TimeProvider = _time });

    public void Dispose() => _sims.Dispose();

    [Fact]
    public async Task Should_accept_signed_farm_sync_and_keep_each_row()
    {
        var rows = new JsonArray(_sims.Registry.Records.Take(3).Select(r => (JsonNode?)r).ToArray());
        var body = new JsonObject { ["rows"] = rows }.ToJsonString();
        var (status, answer) = await SimClient.SignedAsync(HttpMethod.Post, _sims.DjetUrl + "/api/yzc/sync", body, "dj-sandbox", "dj-sandbox-secret", _time.GetUtcNow());
        Assert.Equal(200, status);
        Assert.Equal(0, answer["code"]!.GetValue<int>());
        Assert.Equal(3, _sims.Djet.Received(DjetSimulator.YzcSync).Count);
    }

    [Fact]
    public async Task Should_refuse_a_sync_signed_with_the_registry_key()
    {
        var body = new JsonObject { ["rows"] = new JsonArray(FarmDatasetGenerator.Create(1, 1, _time.GetUtcNow())[0]) }.ToJsonString();
        var (status, answer) = await SimClient.SignedAsync(HttpMethod.Post, _sims.DjetUrl + "/api/yzc/sync", body, "fr-sandbox", "fr-sandbox-secret", _time.GetUtcNow());
        Assert.Equal(401, status);
        Assert.Equal(4011, answer["code"]!.GetValue<int>());
        Assert.Empty(_sims.Djet.Received(DjetSimulator.YzcSync));
    }

    [Fact]
    public async Task Should_validate_the_county_feature_switch()
    {
        var good = """{ "xzqhdm": "220122", "qy": true, "qysj": "2026-06-01 08:00:00" }""";
        var bad = """{ "xzqhdm": "2201", "qy": "yes", "qysj": "today" }""";
        var url = _sims.DjetUrl + "/api/county-feature";
        Assert.Equal(200, (await SimClient.SignedAsync(HttpMethod.Post, url, good, "dj-sandbox", "dj-sandbox-secret", _time.GetUtcNow())).Status);
        var (status, answer) = await SimClient.SignedAsync(HttpMethod.Post, url, bad, "dj-sandbox", "dj-sandbox-secret", _time.GetUtcNow());
        Assert.Equal(400, status);
        Assert.NotEqual(0, answer["code"]!.GetValue<int>());
        var received = JsonNode.Parse(await SimClient.Http.GetStringAsync(_sims.DjetUrl + "/__sim/received?type=county-feature"))!;
        Assert.Equal(1, received["count"]!.GetValue<int>());
        Assert.Equal("220122", received["items"]![0]!["item"]!["xzqhdm"]!.GetValue<string>());
    }
}
