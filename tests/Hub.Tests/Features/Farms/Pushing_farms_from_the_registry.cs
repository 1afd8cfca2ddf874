using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EarTagTrace.Hub.Tests.Features.Farms;

[Collection(HubCollection.Name)]
public sealed class Pushing_farms_from_the_registry(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_refuse_a_wrong_signature_with_the_partner_envelope_and_journal_it()
    {
        var (response, body) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001")], secret: "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(4010, (int)body["code"]!);
        Assert.Equal("SIGNATURE_INVALID", (string?)body["reasons"]![0]!["code"]);
        await using var db = hub.Db();
        Assert.False(await db.Farms.AnyAsync());
        var journal = await db.Journal.SingleAsync();
        Assert.Equal(JournalStatus.Refused, journal.Status);
        Assert.Contains("SIGNATURE_INVALID", journal.Reasons);
        Assert.Contains("FR220122100001", journal.RawBody);
    }

    [Fact]
    public async Task Should_refuse_a_stale_timestamp_and_an_unknown_app_key()
    {
        var (stale, staleBody) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001")],
            at: DateTimeOffset.UtcNow.AddMinutes(-6));
        var (unknown, unknownBody) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001")], appKey: "someone-else");

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal("TIMESTAMP_STALE", (string?)staleBody["reasons"]![0]!["code"]);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("APPKEY_UNKNOWN", (string?)unknownBody["reasons"]![0]!["code"]);
    }

    [Fact]
    public async Task Should_refuse_the_whole_push_naming_every_violation_by_path_and_apply_nothing()
    {
        var good = RegistryPush.Farm("FR220122100001");
        var noCode = RegistryPush.Farm("FR220122100002");
        noCode.Remove("yzcbm");
        var badPhone = RegistryPush.Farm("FR220122100003", phone: "12345");

        var (response, body) = await RegistryPush.PushAsync(hub.Client, [good, noCode, badPhone]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(4001, (int)body["code"]!);
        var paths = body["reasons"]!.AsArray().Select(r => (string?)r!["path"]).ToList();
        Assert.Contains(paths, p => p is not null && p.StartsWith("$.rows[1]", StringComparison.Ordinal) && p.Contains("yzcbm", StringComparison.Ordinal));
        await using var db = hub.Db();
        Assert.False(await db.Farms.AnyAsync());
        Assert.False(await db.Outbox.AnyAsync());
        Assert.Equal(JournalStatus.Refused, (await db.Journal.SingleAsync()).Status);
    }

    [Fact]
    public async Task Should_report_a_bad_phone_by_its_path()
    {
        var (response, body) = await RegistryPush.PushAsync(hub.Client,
            [RegistryPush.Farm("FR220122100001"), RegistryPush.Farm("FR220122100003", phone: "12345")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reason = body["reasons"]!.AsArray().Single()!;
        Assert.Equal("PHONE_INVALID", (string?)reason["code"]);
        Assert.Equal("$.rows[1].lxdh", (string?)reason["path"]);
    }

    [Fact]
    public async Task Should_store_the_canonical_farm_with_mapped_time_phone_and_region()
    {
        var (response, body) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001", gxsj: "2026-01-01 07:59:59")]);

        Assert.True(HttpStatusCode.OK == response.StatusCode, body.ToJsonString());
        Assert.Equal(0, (int)body["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["hubId"]));
        await using var db = hub.Db();
        var farm = await db.Farms.Include(f => f.Stock).SingleAsync();
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero), farm.RegistryUpdatedAt);
        Assert.Equal("+8613812345678", farm.Phone);
        Assert.Equal("220122", farm.CountyCode);
        Assert.Equal("220122100", farm.TownshipCode);
        Assert.True(farm.IsComplete);
        Assert.Equal(120, farm.Stock.Single().Count);
    }

    [Fact]
    public async Task Should_change_nothing_and_send_nothing_when_the_same_record_comes_again()
    {
        var record = RegistryPush.Farm("FR220122100001");
        await RegistryPush.PushAsync(hub.Client, [record]);
        await WaitForDeliveriesAsync(2);

        var (again, _) = await RegistryPush.PushAsync(hub.Client, [record]);
        // An older version arriving late changes nothing either.
        var (older, _) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001", gxsj: "2026-05-01 10:00:00", pigs: 1)]);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
        await using var db = hub.Db();
        Assert.Equal(2, await db.Outbox.CountAsync());
        Assert.Equal(120, (await db.FarmStocks.SingleAsync()).Count);
        var summaries = await db.Journal.OrderBy(j => j.Id).Select(j => j.Summary).ToListAsync();
        Assert.Equal(1, (int)JsonNode.Parse(summaries[1]!)!["unchanged"]!);
        Assert.Equal(1, (int)JsonNode.Parse(summaries[2]!)!["stale"]!);
        Assert.Single(hub.Partners.NationalCloud.Received("farms"));
        Assert.Single(hub.Partners.Djet.Received("yzc-sync"));
    }

    [Fact]
    public async Task Should_send_a_changed_farm_to_both_the_national_cloud_platform_and_djet()
    {
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001")]);
        await WaitForDeliveriesAsync(2);
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001", gxsj: "2026-06-02 09:00:00", pigs: 95)]);
        await WaitForDeliveriesAsync(4);

        var national = hub.Partners.NationalCloud.Received("farms");
        Assert.Equal(2, national.Count);
        Assert.Equal(95, (int)national[^1].Item["species"]![0]!["stockCount"]!);
        Assert.Equal("2026-06-02 09:00:00", (string?)national[^1].Item["updateTime"]);
        Assert.Equal("13812345678", (string?)national[^1].Item["phone"]);

        var djet = hub.Partners.Djet.Received("yzc-sync");
        var lastRow = djet[^1].Item;
        Assert.Equal("FR220122100001", (string?)lastRow["yzcbm"]);
        Assert.Equal(95, (int)lastRow["yzzl"]![0]!["clsl"]!);
        Assert.Equal("2026-06-02 09:00:00", (string?)lastRow["gxsj"]);
    }

    [Fact]
    public async Task Should_find_journal_entries_by_farm_source_and_status()
    {
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001"), RegistryPush.Farm("FR220122100002")]);
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100009")], secret: "wrong");

        var byFarm = await hub.Client.GetFromJsonAsync<JsonObject>("/api/journal?farm=FR220122100002");
        var refused = await hub.Client.GetFromJsonAsync<JsonObject>("/api/journal?source=farm-registry&status=refused");
        var bad = await hub.Client.GetAsync("/api/journal?status=nonsense");

        Assert.Single(byFarm!["items"]!.AsArray());
        Assert.Equal("Accepted", (string?)byFarm["items"]![0]!["status"]);
        Assert.Single(refused!["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Should_replay_a_journal_entry_dry_first_then_for_real()
    {
        var (_, body) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001")]);
        var original = long.Parse((string)body["hubId"]!);
        await using (var db = hub.Db())
            await db.Farms.Where(f => f.Code == "FR220122100001").ExecuteDeleteAsync();

        var dry = await hub.Client.PostAsync($"/api/journal/{original}/replay?dryRun=true", null);
        var dryBody = await dry.Content.ReadFromJsonAsync<JsonObject>();
        await using (var db = hub.Db())
        {
            Assert.False(await db.Farms.AnyAsync());
            Assert.Equal(1, await db.Journal.CountAsync());
        }
        Assert.Equal("Accepted", (string?)dryBody!["verdict"]);
        Assert.Equal(1, (int)dryBody["summary"]!["created"]!);

        var real = await hub.Client.PostAsync($"/api/journal/{original}/replay", null);
        var realBody = await real.Content.ReadFromJsonAsync<JsonObject>();
        await using (var db = hub.Db())
        {
            Assert.True(await db.Farms.AnyAsync(f => f.Code == "FR220122100001"));
            var replay = await db.Journal.SingleAsync(j => j.Id == (long)realBody!["journalId"]!);
            Assert.Equal(original, replay.ReplayOf);
        }
        var unknown = await hub.Client.PostAsync("/api/journal/999999/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Should_show_a_farm_with_its_region_names_and_what_it_lacks_before_declaring()
    {
        var incomplete = RegistryPush.Farm("FR220122100002", phone: "");
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001"), incomplete]);

        var complete = await hub.Client.GetFromJsonAsync<JsonObject>("/api/farms/FR220122100001");
        var lacking = await hub.Client.GetFromJsonAsync<JsonObject>("/api/farms/FR220122100002");
        var unknown = await hub.Client.GetAsync("/api/farms/FR000000000000");
        var byTownship = await hub.Client.GetFromJsonAsync<JsonObject>("/api/farms?township=220122100&species=pig");

        // Names come from the region table loaded from data/regions (NBS codes, version 2023-06-30).
        Assert.Equal("农安镇", (string?)complete!["townshipName"]);
        Assert.Equal("农安县", (string?)complete["countyName"]);
        Assert.Empty(complete["missingForDeclaration"]!.AsArray());
        Assert.Contains("lxdh", (string?)lacking!["missingForDeclaration"]![0]);
        Assert.False((bool)lacking["farm"]!["isComplete"]!);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(2, (int)byTownship!["total"]!);

        // Typed in 全角 letters and digits, as a Chinese input method gives them: the same farm.
        var typed = new string("FR220122100001".Select(c => (char)(c - '!' + '！')).ToArray());
        var again = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/farms/{Uri.EscapeDataString(typed)}");
        Assert.Equal("FR220122100001", (string?)again!["farm"]!["code"]);
    }

    private async Task WaitForDeliveriesAsync(int delivered) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.CountAsync(o => o.Status == DeliveryStatus.Delivered);
        }, n => n >= delivered, $"{delivered} delivered outbox items");
}
