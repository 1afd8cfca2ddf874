using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.Journal;

/// <summary>
/// A dry run 试运行 answers what today's mappings and rules would do with a journaled message, with the canonical diff
/// against what the hub holds (per entity: held, proposed, RFC 6902 patch), for one entry and for a filter run, and
/// writes nothing.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Dry_running_with_a_canonical_diff(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> PushAsync(JsonObject farm) =>
        long.Parse((string)(await RegistryPush.PushAsync(hub.Client, [farm])).Body["hubId"]!);

    private Task<long> JournalCountAsync() => hub.Db().Journal.LongCountAsync();

    [Fact]
    public async Task Should_show_held_proposed_and_patch_per_farm_and_write_nothing()
    {
        var first = RegistryPush.Farm("FR220122100711", gxsj: "2026-06-01 10:00:00");
        var v1 = await PushAsync(first);
        var second = RegistryPush.Farm("FR220122100711", gxsj: "2026-06-02 10:00:00");
        second["yzcmc"] = "农安镇张氏第二养殖场";
        var v2 = await PushAsync(second);
        var bad = RegistryPush.Farm("FR220122100712");
        bad["xzqhdm"] = "220122999";
        var refused = await PushAsync(bad);
        var before = await JournalCountAsync();

        // The older record: the hub holds the newer name, so applying v1 would change nothing.
        var dry = (await (await hub.Client.PostAsync($"/api/journal/{v1}/replay?dryRun=true", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var farm = dry["diff"]!["entities"]!.AsArray().Single()!;
        Assert.True((bool)dry["diff"]!["covered"]!);
        Assert.Equal(("farm", "FR220122100711", "older"), ((string)farm["entityType"]!, (string)farm["key"]!, (string)farm["change"]!));
        Assert.Equal("农安镇张氏第二养殖场", (string)farm["held"]!["name"]!);
        Assert.Equal("农安镇张氏生猪养殖场", (string)farm["proposed"]!["name"]!);
        var patch = farm["patch"]!.AsArray();
        Assert.Contains(patch, op => (string)op!["op"]! == "replace" && (string)op["path"]! == "/name" && (string)op["value"]! == "农安镇张氏生猪养殖场");
        Assert.Contains(patch, op => (string)op!["path"]! == "/updatedAt");

        // The newest record: what the hub holds already.
        var same = (await (await hub.Client.PostAsync($"/api/journal/{v2}/replay?dryRun=true", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        var unchanged = same["diff"]!["entities"]!.AsArray().Single()!;
        Assert.Equal("unchanged", (string)unchanged["change"]!);
        Assert.Empty(unchanged["patch"]!.AsArray());

        // Refused by the rules (unknown township), yet the diff shows the farm it would create.
        var no = (await (await hub.Client.PostAsync($"/api/journal/{refused}/replay?dryRun=true", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotEqual("Accepted", (string)no["verdict"]!);
        Assert.Contains(no["reasons"]!.AsArray(), r => (string)r!["code"]! == "REGION_UNKNOWN");
        var created = no["diff"]!["entities"]!.AsArray().Single()!;
        Assert.Equal("create", (string)created["change"]!);
        Assert.Null(created["held"]);

        Assert.Equal(before, await JournalCountAsync());
        Assert.Equal("农安镇张氏第二养殖场", (await hub.Db().Farms.FindAsync("FR220122100711"))!.Name);
    }

    [Fact]
    public async Task Should_answer_the_diff_of_each_entry_of_a_dry_run_by_filter_but_not_to_a_viewer()
    {
        await PushAsync(RegistryPush.Farm("FR220122100721"));
        var bad = RegistryPush.Farm("FR220122100722");
        bad["xzqhdm"] = "220122999";
        await PushAsync(bad);
        var before = await JournalCountAsync();

        var started = await hub.Client.PostAsJsonAsync("/api/replays", new { filter = new { source = "farm-registry" }, dryRun = true, reason = "what would change" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (long)(await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await Replaying_by_filter.FinishedAsync(hub.Client, id);

        var run = (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/replays/{id}?diff=true"))!;
        var changes = run["results"]!.AsArray()
            .ToDictionary(r => (string)r!["diff"]!["entities"]![0]!["key"]!, r => (string)r!["diff"]!["entities"]![0]!["change"]!);
        Assert.Equal("unchanged", changes["FR220122100721"]);
        Assert.Equal("create", changes["FR220122100722"]);
        Assert.Equal(before, await JournalCountAsync());

        var viewer = await hub.LoginAsync("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/replays/{id}?diff=true")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/replays/{id}")).StatusCode);
    }

    private async Task<JsonObject> DryRunAsync(long id) =>
        (await (await hub.Client.PostAsync($"/api/journal/{id}/replay?dryRun=true", null)).Content.ReadFromJsonAsync<JsonObject>())!;

    private static long HubId(JsonObject answer) => long.Parse((string)answer["hubId"]!);

    [Fact]
    public async Task Should_show_the_declaration_a_refused_one_would_create_with_its_tags_as_ranges()
    {
        var (response, answer) = await SendAsync(hub.Client, "declarations",
            Finding_messages_by_business_key.Declaration("SB-DIFF-1", "FR220122999001", Pig(10), Pig(11), Pig(12), Pig(40)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var before = await JournalCountAsync();

        var dry = await DryRunAsync(HubId(answer));

        Assert.Contains(dry["reasons"]!.AsArray(), r => (string)r!["code"]! == "FARM_UNKNOWN");
        Assert.True((bool)dry["diff"]!["covered"]!);
        var declaration = dry["diff"]!["entities"]!.AsArray().Single()!;
        Assert.Equal(("declaration", "SB-DIFF-1", "create"), ((string)declaration["entityType"]!, (string)declaration["key"]!, (string)declaration["change"]!));
        Assert.Null(declaration["held"]);
        var proposed = declaration["proposed"]!;
        Assert.Equal("FR220122999001", (string)proposed["farmCode"]!);
        Assert.Equal(4, (int)proposed["headCount"]!);
        Assert.Equal("slaughter", (string)proposed["purpose"]!);
        Assert.Equal([$"{Pig(10)}-{Pig(12)}", Pig(40)], proposed["tags"]!.AsArray().Select(t => (string)t!));
        var add = declaration["patch"]!.AsArray().Single()!;
        Assert.Equal(("add", ""), ((string)add["op"]!, (string)add["path"]!));
        Assert.True(JsonNode.DeepEquals(proposed, add["value"]));
        Assert.Equal(before, await JournalCountAsync());
        Assert.Null(await hub.Db().Declarations.FindAsync("SB-DIFF-1"));
    }

    [Fact]
    public async Task Should_show_an_applied_declaration_and_issuance_unchanged_and_a_body_the_mapping_refuses_invalid()
    {
        const string county = "220122", township = "220122100", farm = "FR220122000951";
        var registry = RegistryPush.Farm(farm, "2026-06-01 10:00:00", 120);
        registry["xzqhdm"] = township;
        await RegistryPush.PushAsync(hub.Client, [registry]);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.PutAsJsonAsync($"/api/rollout/counties/{county}", new { enabled = true, since = "2026-01-01" })).StatusCode);
        var (_, stocked) = await SendAsync(hub.Client, "tag-stock", Stock(county, ("B1", Pig(1), Pig(1000))));
        await SendAsync(hub.Client, "tag-issuances", Issue("FF-DIFF-1", "1", county, township, "XZ", (Pig(1), Pig(500))));
        var (_, issued) = await SendAsync(hub.Client, "tag-issuances", Issue("FF-DIFF-2", "2", township, farm, "YZC", (Pig(1), Pig(50)), (Pig(61), Pig(70))));
        var qr = (string)(await hub.Client.GetFromJsonAsync<JsonObject>($"/api/farms/{farm}/qr"))!["token"]!;
        var body = Finding_messages_by_business_key.Declaration("SB-DIFF-2", farm, Pig(1), Pig(2), Pig(3), Pig(7));
        body["ewm"] = qr;
        var (response, declared) = await SendAsync(hub.Client, "declarations", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, declared.ToJsonString());
        var (_, cancelled) = await SendAsync(hub.Client, "tag-cancellations", new JsonObject
        {
            ["zxid"] = "ZX-DIFF-1", ["ebh"] = new JsonArray(Pig(20)), ["yy"] = "死亡", ["zxsj"] = "not a time",
        });
        var before = await JournalCountAsync();

        var declaration = (await DryRunAsync(HubId(declared)))["diff"]!["entities"]!.AsArray().Single()!;
        Assert.Equal(("SB-DIFF-2", "unchanged"), ((string)declaration["key"]!, (string)declaration["change"]!));
        Assert.Empty(declaration["patch"]!.AsArray());
        Assert.Equal([$"{Pig(1)}-{Pig(3)}", Pig(7)], declaration["held"]!["tags"]!.AsArray().Select(t => (string)t!));
        Assert.True(JsonNode.DeepEquals(declaration["held"], declaration["proposed"]));

        var issuance = (await DryRunAsync(HubId(issued)))["diff"]!["entities"]!.AsArray().Single()!;
        Assert.Equal(("issuance", "FF-DIFF-2", "unchanged"), ((string)issuance["entityType"]!, (string)issuance["key"]!, (string)issuance["change"]!));
        Assert.Equal([$"{Pig(1)}-{Pig(50)}", $"{Pig(61)}-{Pig(70)}"], issuance["held"]!["ranges"]!.AsArray().Select(t => (string)t!));

        var invalid = (await DryRunAsync(HubId(cancelled)))["diff"]!["entities"]!.AsArray().Single()!;
        Assert.Equal(("cancellation", "ZX-DIFF-1", "invalid"), ((string)invalid["entityType"]!, (string)invalid["key"]!, (string)invalid["change"]!));
        Assert.Null(invalid["held"]);
        Assert.Contains(invalid["violations"]!.AsArray(), v => ((string)v!).StartsWith("$.zxsj", StringComparison.Ordinal));

        // 库存耳标登记 has no partner id to compare by: verdict and reasons only.
        var stock = (await DryRunAsync(HubId(stocked)))["diff"]!;
        Assert.False((bool)stock["covered"]!);
        Assert.Empty(stock["entities"]!.AsArray());

        Assert.Equal(before, await JournalCountAsync());
    }
}
