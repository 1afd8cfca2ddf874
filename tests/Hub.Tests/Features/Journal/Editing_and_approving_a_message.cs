using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace EarTagTrace.Hub.Tests.Features.Journal;

[Collection(HubCollection.Name)]
public sealed class Editing_and_approving_a_message(HubFixture hub) : IAsyncLifetime
{
    private const string FarmCode = "FR220122100901";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> RefusedPushAsync()
    {
        var bad = RegistryPush.Farm(FarmCode);
        bad["xzqhdm"] = "220122999"; // no such township
        var (response, answer) = await RegistryPush.PushAsync(hub.Client, [bad]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return long.Parse((string)answer["hubId"]!);
    }

    private static object FixTownship => new object[]
    {
        new { op = "test", path = "/rows/0/xzqhdm", value = "220122999" },
        new { op = "replace", path = "/rows/0/xzqhdm", value = "220122100" },
    };

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string path, object? body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    [Fact]
    public async Task Should_run_an_edit_only_after_another_person_approves_it_and_keep_the_original_and_the_lineage()
    {
        var original = await RefusedPushAsync();
        var engineer = await hub.LoginAsync("engineer");
        var reviewer = await hub.LoginAsync("reviewer");

        var (status, created) = await PostAsync(engineer, $"/api/journal/{original}/edits", new { patch = FixTownship, reason = "registry typo in the township" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("pending", (string?)created["status"]);
        var edit = (long)created["id"]!;
        await using (var db = hub.Db())
            Assert.False(await db.Farms.AnyAsync(f => f.Code == FarmCode)); // nothing runs before approval

        var (byEngineer, _) = await PostAsync(engineer, $"/api/journal/edits/{edit}/approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, byEngineer); // an engineer is not an approver
        var (approved, verdict) = await PostAsync(reviewer, $"/api/journal/edits/{edit}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved);
        Assert.Equal("Accepted", (string?)verdict["verdict"]);
        var child = (long)verdict["journalId"]!;
        var (again, twice) = await PostAsync(reviewer, $"/api/journal/edits/{edit}/approve", null);
        Assert.Equal((HttpStatusCode.Conflict, "EDIT_NOT_PENDING"), (again, (string?)twice["title"]));

        var parent = (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/journal/{original}"))!;
        Assert.Contains("220122999", (string)parent["rawBody"]!); // the original stays as it came
        var shown = parent["edits"]!.AsArray().Single()!;
        Assert.Equal(("Applied", "engineer", "reviewer", child), ((string?)shown["status"], (string?)shown["editedBy"], (string?)shown["approvedBy"], (long)shown["replayJournalId"]!));
        var childRow = parent["children"]!.AsArray().Single()!;
        Assert.Equal((child, edit), ((long)childRow["id"]!, (long)childRow["editId"]!));
        var replay = (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/journal/{child}"))!;
        Assert.Equal((original, edit, "reviewer"), ((long)replay["parent"]!["id"]!, (long)replay["parent"]!["editId"]!, (string?)replay["replayedBy"]));
        Assert.Contains("220122100", (string)replay["rawBody"]!);

        await using var check = hub.Db();
        Assert.True(await check.Farms.AnyAsync(f => f.Code == FarmCode));
        Assert.Equal("engineer", (await check.Audit.SingleAsync(a => a.Action == "journal.edit")).Actor);
        Assert.Equal("reviewer", (await check.Audit.SingleAsync(a => a.Action == "journal.edit.approve")).Actor);
    }

    [Fact]
    public async Task Should_refuse_an_editor_approving_their_own_edit()
    {
        var original = await RefusedPushAsync();
        var reviewer = await hub.LoginAsync("reviewer");
        var (_, created) = await PostAsync(reviewer, $"/api/journal/{original}/edits", new { patch = FixTownship, reason = "mine" });

        var (status, problem) = await PostAsync(reviewer, $"/api/journal/edits/{(long)created["id"]!}/approve", null);

        Assert.Equal((HttpStatusCode.Forbidden, "SELF_APPROVAL"), (status, (string?)problem["title"]));
        await using var db = hub.Db();
        Assert.False(await db.Farms.AnyAsync(f => f.Code == FarmCode));
    }

    [Fact]
    public async Task Should_refuse_edits_that_cannot_run_with_a_reason()
    {
        var original = await RefusedPushAsync();
        var forged = long.Parse((string)(await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(FarmCode)], secret: "nope")).Body["hubId"]!);
        var path = $"/api/journal/{original}/edits";
        var cases = new (string Path, object Body, HttpStatusCode Status, string Title)[]
        {
            ($"/api/journal/{forged}/edits", new { patch = FixTownship, reason = "x" }, HttpStatusCode.Conflict, "REPLAY_OF_UNAUTHENTICATED_MESSAGE"),
            (path, new { patch = new[] { new { op = "remove", path = "/rows/3" } }, reason = "x" }, HttpStatusCode.UnprocessableEntity, "PATCH_NOT_APPLICABLE"),
            (path, new { patch = new[] { new { op = "test", path = "/rows/0/xzqhdm", value = "220122100" } }, reason = "x" }, HttpStatusCode.UnprocessableEntity, "PATCH_TEST_FAILED"),
            (path, new { patch = new[] { new { op = "test", path = "/rows/0/xzqhdm", value = "220122999" } }, reason = "x" }, HttpStatusCode.UnprocessableEntity, "PATCH_CHANGES_NOTHING"),
            (path, new { patch = new { op = "add" }, reason = "x" }, HttpStatusCode.BadRequest, "PATCH_INVALID"),
            (path, new { patch = new[] { new { op = "fly", path = "/rows" } }, reason = "x" }, HttpStatusCode.BadRequest, "PATCH_INVALID"),
            (path, new { patch = FixTownship }, HttpStatusCode.BadRequest, "REASON_REQUIRED"),
            ("/api/journal/99999999/edits", new { patch = FixTownship, reason = "x" }, HttpStatusCode.NotFound, "JOURNAL_ENTRY_UNKNOWN"),
            ("/api/journal/edits/99999999/approve", new { }, HttpStatusCode.NotFound, "EDIT_UNKNOWN"),
        };
        foreach (var (p, body, status, title) in cases)
        {
            var (s, problem) = await PostAsync(hub.Client, p, body);
            Assert.True((status, title) == (s, (string?)problem["title"]), $"{p}: {s} {problem.ToJsonString()}");
        }
        var viewer = await hub.LoginAsync("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(path, new { patch = FixTownship, reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task Should_show_a_viewer_what_an_edit_touched_but_not_the_values_it_wrote()
    {
        var original = await RefusedPushAsync();
        await PostAsync(hub.Client, $"/api/journal/{original}/edits", new
        {
            patch = new object[] { new { op = "replace", path = "/rows/0/lxdh", value = "13900001111" }, new { op = "replace", path = "/rows/0/xzqhdm", value = "220122100" } },
            reason = "new phone",
        });
        var viewer = await hub.LoginAsync("viewer");

        var entry = (await viewer.GetFromJsonAsync<JsonObject>($"/api/journal/{original}"))!;

        var ops = entry["edits"]![0]!["patch"]!.AsArray();
        Assert.Equal("/rows/0/lxdh", (string?)ops[0]!["path"]);
        Assert.All(ops, op => Assert.Equal("***", (string?)op!["value"]));
    }
}
