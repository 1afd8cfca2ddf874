using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Retention;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Features.Retention;

/// <summary>
/// Journal retention with the fixture's settings (Retention:RawBodyDays:farm-registry 90, refused entries 365 days):
/// entries are made old by backdating received_at, and the pruner is run directly instead of waiting for its schedule.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Pruning_raw_bodies(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> PushAsync(string code, bool refused)
    {
        var farm = RegistryPush.Farm(code);
        if (refused) farm["xzqhdm"] = "220122999";
        var (_, answer) = await RegistryPush.PushAsync(hub.Client, [farm]);
        return long.Parse((string)answer["hubId"]!);
    }

    private async Task BackdateAsync(long id, int days)
    {
        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand("update journal set received_at = now() - make_interval(days => @days) where id = @id", conn);
        command.Parameters.AddWithValue("days", days);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonObject> EntryAsync(long id) => (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/journal/{id}"))!;

    [Fact]
    public async Task Should_prune_old_bodies_per_source_keep_refused_ones_longer_and_refuse_to_replay_a_pruned_entry()
    {
        var oldAccepted = await PushAsync("FR220122100801", refused: false);
        var recentAccepted = await PushAsync("FR220122100802", refused: false);
        var oldRefused = await PushAsync("FR220122100803", refused: true);
        var ancientRefused = await PushAsync("FR220122100804", refused: true);
        await BackdateAsync(oldAccepted, 100);
        await BackdateAsync(recentAccepted, 10);
        await BackdateAsync(oldRefused, 200);
        await BackdateAsync(ancientRefused, 400);
        var pruner = hub.Factory.Services.GetRequiredService<RawBodyPruner>();

        await pruner.PruneAsync();
        var again = await pruner.PruneAsync();

        Assert.Equal(0, again); // idempotent: nothing left to prune
        var pruned = await EntryAsync(oldAccepted);
        Assert.True((bool)pruned["bodyPruned"]!);
        Assert.NotNull(pruned["bodyPrunedAt"]);
        Assert.Equal("", (string?)pruned["rawBody"]);
        Assert.Equal("Accepted", (string?)pruned["status"]);
        Assert.Contains("FR220122100801", pruned["keys"]!.AsArray().Select(k => (string?)k));
        Assert.NotEmpty(pruned["links"]!.AsArray());
        Assert.NotNull(pruned["summary"]);
        var refused = await EntryAsync(ancientRefused);
        Assert.True((bool)refused["bodyPruned"]!);
        Assert.NotEmpty(refused["reasons"]!.AsArray());
        foreach (var kept in new[] { recentAccepted, oldRefused })
        {
            var entry = await EntryAsync(kept);
            Assert.False((bool)entry["bodyPruned"]!);
            Assert.NotEqual("", (string?)entry["rawBody"]);
        }

        var replay = await hub.Client.PostAsJsonAsync($"/api/journal/{oldAccepted}/replay", new { reason = "after retention" });
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("application/problem+json", replay.Content.Headers.ContentType?.MediaType);
        Assert.Equal("REPLAY_OF_PRUNED_BODY", (string?)(await replay.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }
    [Fact]
    public async Task Should_delete_the_search_copy_of_a_body_it_prunes()
    {
        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        var old = await PushAsync("FR220122100811", refused: false);
        var recent = await PushAsync("FR220122100812", refused: false);
        await hub.Factory.Services.GetRequiredService<EarTagTrace.Hub.Features.Journal.JournalSearchIndexer>().RunAsync();
        Assert.Equal(2, await CopiesAsync(conn, old, recent));
        await BackdateAsync(old, 100);

        await hub.Factory.Services.GetRequiredService<RawBodyPruner>().PruneAsync();

        Assert.Equal(0, await CopiesAsync(conn, old));
        Assert.Equal(1, await CopiesAsync(conn, recent));
        var found = (await hub.Client.GetFromJsonAsync<JsonObject>("/api/journal?q=FR22012210081"))!["items"]!.AsArray();
        Assert.Equal([recent], found.Select(i => (long)i!["id"]!));
    }

    private static async Task<long> CopiesAsync(NpgsqlConnection conn, params long[] ids)
    {
        await using var count = new NpgsqlCommand("select count(*) from journal_search where journal_id = any(@ids)", conn);
        count.Parameters.AddWithValue("ids", ids);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
