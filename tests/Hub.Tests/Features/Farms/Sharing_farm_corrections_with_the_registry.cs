using System.Net;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Farms;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Simulator.Djet;
using Microsoft.EntityFrameworkCore;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.Farms;

/// <summary>
/// The Jilin plan, 一: "“动监e通”系统与“畜禽养殖场户基础信息采集系统”实现信息共享" — 动监e通 and the farm registry share farm
/// data. Registry → 动监e通 goes through the hub already; here a vet's on-site correction in 动监e通 comes into the hub,
/// signed, and goes on to the registry, and the newest data wins both ways.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Sharing_farm_corrections_with_the_registry(HubFixture hub) : IAsyncLifetime
{
    private const string Farm = "FR220122000777";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<(HttpResponseMessage Response, JsonObject Body)> CorrectAsync(string id, string at, string? phone = null, int? pigs = null) =>
        SendAsync(hub.Client, "farm-corrections", FarmCorrectionPush.Body(id, Farm, at, "王兽医", phone: phone,
            address: "吉林省长春市农安县农安镇新农村4组", stock: pigs is { } n ? [("1", n)] : null));

    [Fact]
    public async Task Should_drive_a_signed_correction_from_djet_through_the_hub_to_the_registry()
    {
        var (pushed, _) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(Farm, gxsj: "2026-06-01 10:00:00")]);
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);

        var (response, answer) = await CorrectAsync("JZ-100", "2026-06-05 09:30:00", phone: "139 1234 5678", pigs: 95);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (int)answer["code"]!);
        var received = await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.Registry.ReceivedCorrections),
            r => r.Count >= 1, "the correction at the registry");
        var row = Assert.Single(received).Item;
        Assert.Equal(("JZ-100", Farm, "2026-06-05 09:30:00", "13912345678", "djet"),
            ((string)row["jzid"]!, (string)row["yzcbm"]!, (string)row["jzsj"]!, (string)row["lxdh"]!, (string)row["ly"]!));
        Assert.Equal(95, (int)row["yzzl"]![0]!["clsl"]!);

        await using var db = hub.Db();
        var farm = await db.Farms.Include(f => f.Stock).SingleAsync(f => f.Code == Farm);
        Assert.Equal(("+8613912345678", "吉林省长春市农安县农安镇新农村4组", 95), (farm.Phone, farm.Address, farm.Stock.Single().Count));
        var journal = await db.Journal.SingleAsync(j => j.Type == "farm-correction");
        Assert.Equal("JZ-100", journal.PartnerId);
    }

    [Fact]
    public async Task Should_answer_a_resent_correction_as_the_first_time_and_forward_it_once()
    {
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(Farm, gxsj: "2026-06-01 10:00:00")]);

        var (first, _) = await CorrectAsync("JZ-200", "2026-06-05 09:30:00", phone: "13912345678");
        var (again, _) = await CorrectAsync("JZ-200", "2026-06-05 09:30:00", phone: "13912345678");
        var (changed, refusal) = await CorrectAsync("JZ-200", "2026-06-05 09:30:00", phone: "13700000000");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Equal(["ID_REUSED_WITH_OTHER_CONTENT"], ReasonCodes(refusal));
        await using var db = hub.Db();
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.Destination == Destinations.FarmRegistryCorrections));
    }

    [Fact]
    public async Task Should_refuse_an_older_correction_and_keep_a_newer_one_against_an_older_registry_record()
    {
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(Farm, gxsj: "2026-06-03 10:00:00", phone: "138 1234 5678")]);

        // Older than the registry record the hub holds: refused with its reason, not applied, not forwarded.
        var (old, refusal) = await CorrectAsync("JZ-300", "2026-06-02 08:00:00", phone: "13700000000");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, old.StatusCode);
        Assert.Equal([ApplyDjetFarmCorrection.Outdated], ReasonCodes(refusal));

        // Newer: applied and forwarded.
        var (newer, _) = await CorrectAsync("JZ-301", "2026-06-04 08:00:00", phone: "13912345678");
        Assert.Equal(HttpStatusCode.OK, newer.StatusCode);

        // A registry record older than that correction does not undo it; one newer than it wins.
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(Farm, gxsj: "2026-06-03 20:00:00", phone: "136 0000 0000")]);
        await using (var db = hub.Db())
            Assert.Equal("+8613912345678", (await db.Farms.SingleAsync(f => f.Code == Farm)).Phone);
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(Farm, gxsj: "2026-06-04 20:00:00", phone: "135 0000 0000")]);
        await using (var db = hub.Db())
        {
            Assert.Equal("+8613500000000", (await db.Farms.SingleAsync(f => f.Code == Farm)).Phone);
            var forwarded = await db.Outbox.Where(o => o.Destination == Destinations.FarmRegistryCorrections).Select(o => o.EntityKey).ToListAsync();
            Assert.Equal(["correction:JZ-301"], forwarded);
        }
    }

    [Fact]
    public async Task Should_refuse_a_correction_of_a_farm_the_registry_never_sent()
    {
        var (response, answer) = await CorrectAsync("JZ-400", "2026-06-05 09:30:00", phone: "13912345678");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["FARM_UNKNOWN"], ReasonCodes(answer));
        await using var db = hub.Db();
        Assert.False(await db.Outbox.AnyAsync());
    }
}
