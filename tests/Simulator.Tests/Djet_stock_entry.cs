using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Djet;

namespace EarTagTrace.Simulator.Tests;

/// <summary>
/// The Jilin plan, 二: "耳标库存登记完成后，录入“动监e通”系统". 动监e通's side of the hub's stock entry: signed, validated
/// (box and pack required), each djid kept once.
/// </summary>
public sealed class Djet_stock_entry : IDisposable
{
    private readonly TestClock _time = TestClock.StoppedAt(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly PartnerSimulators _sims;

    public Djet_stock_entry() => _sims = PartnerSimulators.Start(new SimulatorOptions { Farms = 5, TimeProvider = _time });

    public void Dispose() => _sims.Dispose();

    private static string Body(string djid, string? box = "A1") => new JsonObject
    {
        ["djdw"] = "220122",
        ["rows"] = new JsonArray(new JsonObject
        {
            ["djid"] = djid, ["xh"] = box, ["bh"] = "01", ["qshm"] = "122012200000001", ["zzhm"] = "122012200000100", ["sl"] = 100,
            ["djsj"] = "2026-05-01 09:00:00",
        }),
    }.ToJsonString();

    private Task<(int Status, JsonObject Answer)> SendAsync(string body, string appKey = "dj-sandbox", string secret = "dj-sandbox-secret") =>
        SimClient.SignedAsync(HttpMethod.Post, _sims.DjetUrl + "/api/tag-stock/sync", body, appKey, secret, _time.GetUtcNow());

    [Fact]
    public async Task Should_keep_each_registration_once_with_its_registrar()
    {
        Assert.Equal(200, (await SendAsync(Body("7"))).Status);
        Assert.Equal(200, (await SendAsync(Body("7"))).Status);

        var item = Assert.Single(_sims.Djet.Received(DjetSimulator.TagStock));
        Assert.Equal(("7", "220122", "A1"), (item.Id, (string?)item.Item["djdw"], (string?)item.Item["xh"]));
        var received = JsonNode.Parse(await SimClient.Http.GetStringAsync(_sims.DjetUrl + "/__sim/received?type=tag-stock"))!;
        Assert.Equal(1, received["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_refuse_a_range_without_box_and_an_unsigned_call()
    {
        var (noBox, answer) = await SendAsync(Body("8", box: null));
        var (unsigned, _) = await SendAsync(Body("9"), "fr-sandbox", "fr-sandbox-secret");

        Assert.Equal(400, noBox);
        Assert.Equal(4003, answer["code"]!.GetValue<int>());
        Assert.Equal(401, unsigned);
        Assert.Empty(_sims.Djet.Received(DjetSimulator.TagStock));
    }
}
