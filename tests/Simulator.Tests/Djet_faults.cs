using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Djet;

namespace EarTagTrace.Simulator.Tests;

/// <summary>The 动监e通 simulator's fault hooks, like the national platforms' (POST /__sim/faults).</summary>
public sealed class Djet_faults : IDisposable
{
    private readonly TestClock _time = TestClock.StoppedAt(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly PartnerSimulators _sims;

    public Djet_faults() => _sims = PartnerSimulators.Start(new SimulatorOptions { Farms = 20, TimeProvider = _time });

    public void Dispose() => _sims.Dispose();

    private Task<(int Status, JsonObject Body)> SyncAsync(int rows)
    {
        var body = new JsonObject { ["rows"] = new JsonArray(_sims.Registry.Records.Take(rows).Select(r => (JsonNode?)r.DeepClone()).ToArray()) };
        return SimClient.SignedAsync(HttpMethod.Post, _sims.DjetUrl + "/api/yzc/sync", body.ToJsonString(), "dj-sandbox", "dj-sandbox-secret", _time.GetUtcNow());
    }

    [Fact]
    public async Task Should_answer_the_scripted_faults_in_order_and_then_accept()
    {
        using var set = new HttpRequestMessage(HttpMethod.Post, _sims.DjetUrl + "/__sim/faults")
        {
            Content = new StringContent("""{ "script": ["503", "429", "5000"], "retryAfterSeconds": 7 }""", System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.Equal(200, (await SimClient.SendAsync(set)).Status);

        Assert.Equal(503, (await SyncAsync(2)).Status);
        using (var request = new HttpRequestMessage(HttpMethod.Post, _sims.DjetUrl + "/api/yzc/sync")
        {
            Content = new StringContent(new JsonObject { ["rows"] = new JsonArray(_sims.Registry.Records[0].DeepClone()) }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        })
        {
            await PartnerSignature.SignAsync(request, "dj-sandbox", "dj-sandbox-secret", _time.GetUtcNow().ToUnixTimeMilliseconds());
            using var response = await SimClient.Http.SendAsync(request);
            Assert.Equal(429, (int)response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        }
        var (busy, answer) = await SyncAsync(2);
        Assert.Equal(200, busy);
        Assert.Equal(5000, answer["code"]!.GetValue<int>());
        Assert.Empty(_sims.Djet.Received(DjetSimulator.YzcSync));

        Assert.Equal(200, (await SyncAsync(2)).Status);
        Assert.Equal(2, _sims.Djet.Received(DjetSimulator.YzcSync).Count);
    }

    [Fact]
    public async Task Should_refuse_a_whole_sync_carrying_a_rejected_farm()
    {
        var bad = _sims.Registry.Records[1]["yzcbm"]!.GetValue<string>();
        _sims.Djet.SetFaults(new DjetFaultSettings { RejectIds = [bad] });

        var (status, answer) = await SyncAsync(3);
        Assert.Equal(400, status);
        Assert.Equal(4003, answer["code"]!.GetValue<int>());
        Assert.Contains(bad, answer["msg"]!.GetValue<string>());

        _sims.Djet.Reset();
        Assert.Equal(200, (await SyncAsync(3)).Status);
        Assert.Equal(3, _sims.Djet.Received(DjetSimulator.YzcSync).Count);
    }
}
