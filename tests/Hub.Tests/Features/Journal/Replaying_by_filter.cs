using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Features.Journal;

[Collection(HubCollection.Name)]
public sealed class Replaying_by_filter(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Three accepted farm pushes, one refused (unknown township), one forged: five originals.</summary>
    private async Task<(List<long> Accepted, long Refused, long Forged)> SeedAsync()
    {
        var accepted = new List<long>();
        foreach (var code in new[] { "FR220122100801", "FR220122100802", "FR220122100803" })
            accepted.Add(long.Parse((string)(await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(code)])).Body["hubId"]!));
        var bad = RegistryPush.Farm("FR220122100804");
        bad["xzqhdm"] = "220122999";
        var refused = long.Parse((string)(await RegistryPush.PushAsync(hub.Client, [bad])).Body["hubId"]!);
        var forged = long.Parse((string)(await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100805")], secret: "nope")).Body["hubId"]!);
        return (accepted, refused, forged);
    }

    internal static async Task<JsonObject> FinishedAsync(HttpClient client, long run) =>
        await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonObject>($"/api/replays/{run}?limit=1000"))!,
            r => (string?)r["state"] != "Running", $"replay run {run}");

    private static async Task<JsonObject> StartAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        var response = await client.PostAsJsonAsync("/api/replays", body);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(expected == response.StatusCode, $"{response.StatusCode} {answer.ToJsonString()}");
        return answer;
    }

    [Fact]
    public async Task Should_replay_every_match_in_the_background_skip_forged_ones_and_journal_and_audit_the_run()
    {
        var (accepted, refused, forged) = await SeedAsync();
        var engineer = await hub.LoginAsync("engineer");

        var started = await StartAsync(engineer, new { filter = new { source = "farm-registry" }, reason = "registry fixed its townships" });
        Assert.Equal(5, (int)started["total"]!);
        Assert.Contains(started["warnings"]!.AsArray(), w => (string?)w!["code"] == "NEVER_REPLAYED" && (int)w["entries"]! == 1);
        var run = await FinishedAsync(engineer, (long)started["id"]!);

        Assert.Equal("Completed", (string?)run["state"]);
        Assert.Equal((5, 3, 1, 1), ((int)run["done"]!, (int)run["accepted"]!, (int)run["refused"]!, (int)run["skipped"]!));
        var results = run["results"]!.AsArray().ToDictionary(r => (long)r!["journalId"]!, r => r!);
        Assert.Equal("Skipped", (string?)results[forged]["verdict"]);
        Assert.Equal("REPLAY_OF_UNAUTHENTICATED_MESSAGE", (string?)results[forged]["reasons"]![0]!["code"]);
        Assert.Equal("Malformed", (string?)results[refused]["verdict"]); // the pipeline's own verdict; counted as refused
        Assert.NotEmpty(results[refused]["reasons"]!.AsArray());

        await using var db = hub.Db();
        var replays = await db.Journal.Where(j => j.ReplayOf != null).ToListAsync();
        Assert.Equal([.. accepted, refused], replays.Select(r => r.ReplayOf!.Value).Order());
        Assert.All(replays, r => Assert.Equal("engineer", r.ReplayedBy));
        Assert.Equal(replays.Select(r => r.Id).Order(), results.Values.Where(r => r["replayJournalId"] is not null)
            .Select(r => (long)r["replayJournalId"]!).Order());
        var audit = await db.Audit.SingleAsync(a => a.Action == "replay.start");
        Assert.Equal("engineer", audit.Actor);
        Assert.Contains("registry fixed its townships", audit.Detail);
        Assert.Contains("farm-registry", audit.Detail);
    }

    [Fact]
    public async Task Should_warn_about_entries_already_replayed_and_replay_them_again_only_with_force()
    {
        await SeedAsync();
        var first = await StartAsync(hub.Client, new { filter = new { source = "farm-registry" }, reason = "first" });
        await FinishedAsync(hub.Client, (long)first["id"]!);

        var again = await StartAsync(hub.Client, new { filter = new { source = "farm-registry" }, reason = "again" });
        Assert.Equal(5, (int)again["total"]!); // its own replays are not originals
        Assert.Contains(again["warnings"]!.AsArray(), w => (string?)w!["code"] == "ALREADY_REPLAYED" && (int)w["entries"]! == 4);
        var skipped = await FinishedAsync(hub.Client, (long)again["id"]!);
        Assert.Equal((5, 0), ((int)skipped["skipped"]!, (int)skipped["accepted"]!));

        var forced = await FinishedAsync(hub.Client,
            (long)(await StartAsync(hub.Client, new { filter = new { source = "farm-registry" }, reason = "again", force = true }))["id"]!);
        Assert.Equal((3, 1, 1), ((int)forced["accepted"]!, (int)forced["refused"]!, (int)forced["skipped"]!));
    }

    [Fact]
    public async Task Should_show_what_a_dry_run_would_do_and_write_nothing()
    {
        var (_, refused, _) = await SeedAsync();
        await using var db = hub.Db();
        var journal = await db.Journal.CountAsync();

        var started = await StartAsync(hub.Client, new { filter = new { source = "farm-registry", status = "refused" }, dryRun = true });
        var run = await FinishedAsync(hub.Client, (long)started["id"]!);

        Assert.Equal((2, 0, 1, 1), ((int)run["total"]!, (int)run["accepted"]!, (int)run["refused"]!, (int)run["skipped"]!));
        var result = run["results"]!.AsArray().Single(r => (long)r!["journalId"]! == refused)!;
        Assert.Null(result["replayJournalId"]);
        Assert.NotEmpty(result["reasons"]!.AsArray());
        Assert.Equal(journal, await db.Journal.CountAsync());
        Assert.False(await db.Audit.AnyAsync(a => a.Action.StartsWith("replay")));
    }

    [Fact]
    public async Task Should_stop_a_run_when_cancelled_and_keep_what_it_did()
    {
        // Many refused originals, written straight into the journal, so the run is still going when it is cancelled.
        var bad = RegistryPush.Farm("FR220122100806");
        bad["xzqhdm"] = "220122999";
        var body = new JsonObject { ["rows"] = new JsonArray(bad) }.ToJsonString();
        await using (var conn = new NpgsqlConnection(hub.ConnectionString))
        {
            await conn.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                insert into journal (received_at, source, type, status, raw_body, processing_ms, unauthenticated, body_truncated)
                select now(), 'farm-registry', 'farm-push', 'Refused', @body, 0, false, false from generate_series(1, 3000)
                """, conn);
            insert.Parameters.AddWithValue("body", body);
            await insert.ExecuteNonQueryAsync();
        }

        var started = await StartAsync(hub.Client, new { filter = new { type = "farm-push" }, reason = "cancel me" });
        var id = (long)started["id"]!;
        var cancel = await hub.Client.DeleteAsync($"/api/replays/{id}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var run = await FinishedAsync(hub.Client, id);
        var settled = await Eventually.WaitAsync(async () => (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/replays/{id}?limit=1"))!,
            r => true, "the run");

        Assert.Equal("Cancelled", (string?)run["state"]);
        Assert.True((int)settled["done"]! < 3000);
        Assert.Equal(HttpStatusCode.Conflict, (await hub.Client.DeleteAsync($"/api/replays/{id}")).StatusCode);
        await using var db = hub.Db();
        Assert.Single(db.Audit.Where(a => a.Action == "replay.cancel"));
    }

    [Fact]
    public async Task Should_fail_a_run_its_hub_abandoned_and_keep_the_runs_alive_that_it_still_owns()
    {
        await SeedAsync();
        var live = await StartAsync(hub.Client, new { filter = new { source = "farm-registry" }, dryRun = true });
        await FinishedAsync(hub.Client, (long)live["id"]!);
        await using (var conn = new NpgsqlConnection(hub.ConnectionString))
        {
            // A run another hub started, then stopped: Running, and nobody has touched it for an hour.
            await conn.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                insert into replay_run (created_at, created_by, filter, dry_run, force, state, up_to_journal_id, total, done,
                    accepted, refused, failed, skipped, heartbeat_at)
                values (now() - interval '1 hour', 'engineer', '{}', false, false, 'Running', 0, 10, 3, 3, 0, 0, 0, now() - interval '1 hour')
                """, conn);
            await insert.ExecuteNonQueryAsync();
        }

        var swept = await hub.Factory.Services.GetRequiredService<EarTagTrace.Hub.Features.Journal.ReplayRunner>().SweepAsync(CancellationToken.None);

        Assert.Equal(1, swept);
        await using var db = hub.Db();
        var abandoned = await db.Set<ReplayRun>().SingleAsync(r => r.Id != (long)live["id"]!);
        Assert.Equal((ReplayRunState.Failed, 3), (abandoned.State, abandoned.Done));
        Assert.StartsWith("abandoned", abandoned.Error);
        Assert.Equal(ReplayRunState.Completed, (await db.Set<ReplayRun>().SingleAsync(r => r.Id == (long)live["id"]!)).State);
    }

    [Fact]
    public async Task Should_refuse_bad_runs_with_a_reason()
    {
        var viewer = await hub.LoginAsync("viewer");
        Assert.Equal("FILTER_REQUIRED", (string?)(await StartAsync(hub.Client, new { reason = "x" }, HttpStatusCode.BadRequest))["title"]);
        Assert.Equal("REASON_REQUIRED", (string?)(await StartAsync(hub.Client, new { filter = new { } }, HttpStatusCode.BadRequest))["title"]);
        Assert.Equal("INVALID_STATUS", (string?)(await StartAsync(hub.Client, new { filter = new { status = "gone" }, reason = "x" }, HttpStatusCode.BadRequest))["title"]);
        Assert.Equal("TEXT_SEARCH_LENGTH", (string?)(await StartAsync(hub.Client, new { filter = new { q = "a" }, reason = "x" }, HttpStatusCode.BadRequest))["title"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/replays", new { filter = new { }, reason = "x" })).StatusCode);
        var unknown = await hub.Client.GetAsync("/api/replays/999999");
        Assert.Equal("REPLAY_RUN_UNKNOWN", (string?)(await unknown.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.DeleteAsync("/api/replays/999999")).StatusCode);
        var garbage = await hub.Client.PostAsync("/api/replays", new StringContent("{\"filter\": [", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal("application/problem+json", garbage.Content.Headers.ContentType?.MediaType);
        Assert.Equal("JSON_INVALID", (string?)(await garbage.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Should_replay_one_entry_twice_only_with_force()
    {
        var (accepted, _, _) = await SeedAsync();
        var path = $"/api/journal/{accepted[0]}/replay";

        Assert.Equal(HttpStatusCode.OK, (await hub.Client.PostAsJsonAsync(path, new { reason = "once" })).StatusCode);
        var twice = await hub.Client.PostAsJsonAsync(path, new { reason = "twice" });
        var dry = await hub.Client.PostAsync(path + "?dryRun=true", null);
        var forced = await hub.Client.PostAsJsonAsync(path + "?force=true", new { reason = "twice, on purpose" });

        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("ALREADY_REPLAYED", (string?)(await twice.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Equal("ALREADY_REPLAYED", (string?)(await dry.Content.ReadFromJsonAsync<JsonObject>())!["warnings"]![0]);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
    }
}
