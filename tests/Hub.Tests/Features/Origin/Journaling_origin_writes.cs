using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using EarTagTrace.Hub.Persistence;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The 采集表 through the inbound pipeline: a dry run answers the diff and writes nothing, an import is journaled with
/// its rows and its uploads carry the journal id, the same sheet again is all unchanged, and a refused sheet is replayed
/// from the journal like a partner's message.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Journaling_origin_writes(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(HttpStatusCode, JsonObject)> DryRunAsync(HttpClient client, string csv)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new("text/csv") } };
        return await Answer(await client.PostAsync("/api/origin/import?dryRun=true", content));
    }

    [Fact]
    public async Task Should_answer_a_dry_run_with_the_diff_journal_the_import_and_upload_under_its_journal_id()
    {
        var client = await _login.As("anxi-fengcheng");
        var csv = Csv([Row(address: "溪边基地1号"), Row(address: "溪边基地2号", longitude: null, latitude: null)]);

        var (dryStatus, dry) = await DryRunAsync(client, csv);

        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.Equal(("Accepted", 2, 0), (dry["verdict"]!.GetValue<string>(), dry["add"]!.GetValue<int>(), dry["unchanged"]!.GetValue<int>()));
        Assert.Equal(2, dry["diff"]!.AsArray().Count);
        await using (var db = hub.Db())
            Assert.False(db.Journal.Any(j => j.Source == ApplyOriginRows.SourceName));
        Assert.Empty(await RecordsAsync(client));

        var (status, body) = await ImportAsync(client, csv);

        Assert.Equal(HttpStatusCode.OK, status);
        var hubId = long.Parse(body["hubId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        await using (var db = hub.Db())
        {
            var entry = db.Journal.Single(j => j.Id == hubId);
            Assert.Equal((ApplyOriginRows.SourceName, ApplyOriginSheet.MessageType, JournalStatus.Accepted), (entry.Source, entry.Type, entry.Status));
            Assert.Contains("溪边基地2号", entry.RawBody, StringComparison.Ordinal);
            var uploads = db.Outbox.Where(o => o.Destination == OriginDestinations.OriginRecords).ToList();
            Assert.Equal(2, uploads.Count);
            Assert.All(uploads, o => Assert.Equal(hubId, o.JournalId));
        }

        var (_, again) = await DryRunAsync(client, csv);

        Assert.Equal((0, 2), (again["add"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>()));
        Assert.All(again["diff"]!.AsArray(), d => Assert.NotNull(d!["recordId"]));
    }

    [Fact]
    public async Task Should_answer_a_refused_dry_run_with_each_row_and_its_reasons()
    {
        var client = await _login.As("anxi-fengcheng");
        var csv = Csv([Row(address: "溪边基地3号"), Row(address: "溪边基地3号"), Row(address: "溪边基地4号", product: "菠萝")]);

        var (status, dry) = await DryRunAsync(client, csv);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Malformed", dry["verdict"]!.GetValue<string>());
        var changes = dry["diff"]!.AsArray().Select(d => d!["change"]!.GetValue<string>()).ToList();
        Assert.Equal(["add", "refused", "refused"], changes);
        var codes = dry["errors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()).ToHashSet();
        Assert.Equal([OriginCodes.DuplicateRow, OriginCodes.ProductUnknown], codes.Order());
    }

    [Fact]
    public async Task Should_upload_a_rapid_test_under_its_journal_id()
    {
        var client = await _login.As("anxi-fengcheng");
        var (_, imported) = await ImportAsync(client, Csv([Row(address: "溪边基地5号")]));
        Assert.Equal(1, imported["created"]!.GetValue<int>());
        var recordId = (await RecordsAsync(client))[0]!["id"]!.GetValue<long>();

        var answer = await client.PostAsJsonAsync("/api/origin/rapid-tests",
            new { recordId, sampleNo = "YP-J-1", item = "毒死蜱", result = "合格", tester = "王丽" });

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        await using var db = hub.Db();
        var entry = db.Journal.Single(j => j.Source == ApplyOriginRows.SourceName && j.Type == ApplyOriginRapidTest.MessageType);
        var upload = db.Outbox.Single(o => o.Destination == OriginDestinations.RapidTests);
        Assert.Equal(entry.Id, upload.JournalId);
    }
    [Fact]
    public async Task Should_replay_a_refused_sheet_once_its_product_is_added_and_upload_under_the_replays_journal_id()
    {
        // A collector's sheet names a product the hub does not know yet: refused, journaled with its raw body.
        var code = "tea-" + Guid.NewGuid().ToString("N")[..8];
        var name = "茶叶" + code[^4..];
        var collector = await _login.As("anxi-fengcheng");
        await ImportAsync(collector, Csv([Row(address: "溪边基地6号", product: name)]));
        long original;
        await using (var db = hub.Db())
        {
            var entry = db.Journal.Single(j => j.Source == ApplyOriginRows.SourceName && j.RawBody.Contains(name));
            Assert.NotEqual(JournalStatus.Accepted, entry.Status);
            original = entry.Id;
        }

        // The administrator adds the product; the province's engineer (engineers are province-wide) replays the entry.
        var added = await (await _login.As("admin")).PostAsJsonAsync("/api/origin/products", new { code, name, unit = "亩", threshold = 1.0, cadence = "每茬" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await hub.CreateAccountAsync("fujian-engineer", "35", ["engineer"]);
        var engineer = await hub.LoginAsync("fujian-engineer");

        var dry = (await (await engineer.PostAsJsonAsync($"/api/journal/{original}/replay?dryRun=true", new { reason = "茶叶已增列" }))
            .Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True("Accepted" == (string?)dry["verdict"], dry.ToJsonString());
        await using (var db = hub.Db())
            Assert.False(db.Journal.Any(j => j.ReplayOf == original));

        var replay = await engineer.PostAsJsonAsync($"/api/journal/{original}/replay", new { reason = "茶叶已增列" });
        var answer = (await replay.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.True(replay.StatusCode == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal("Accepted", answer["verdict"]!.GetValue<string>());
        var replayId = answer["journalId"]!.GetValue<long>();
        await using (var db = hub.Db())
        {
            var entry = db.Journal.Single(j => j.Id == replayId);
            Assert.Equal((original, "fujian-engineer", JournalStatus.Accepted), (entry.ReplayOf, entry.ReplayedBy, entry.Status));
            var upload = db.Outbox.Single(o => o.Destination == OriginDestinations.OriginRecords);
            Assert.Equal(replayId, upload.JournalId);
        }
        Assert.Equal("溪边基地6号", (await RecordsAsync(collector, "&product=" + code)).Single()!["baseAddress"]!.GetValue<string>());
    }
}
