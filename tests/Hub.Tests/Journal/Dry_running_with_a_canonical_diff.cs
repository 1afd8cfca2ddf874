using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace EarTagTrace.Hub.Tests.Journal;

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
}
