using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace EarTagTrace.Hub.Tests.Access;

[Collection(HubCollection.Name)]
public sealed class Refusing_forged_messages_and_bad_input(HubFixture hub) : IAsyncLifetime
{
    private const string FarmCode = "FR220122100777";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string?, string?, int> Forgeries => new()
    {
        // reason, appKey, secret (null: no signature at all), timestamp offset in minutes
        { "SIGNATURE_MISSING", null, null, 0 },
        { "SIGNATURE_INVALID", "fr-sandbox", "not-the-secret", 0 },
        { "TIMESTAMP_STALE", "fr-sandbox", "fr-sandbox-secret", -30 },
        { "APPKEY_UNKNOWN", "someone-else", "someone-else-secret", 0 },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Should_never_replay_a_message_that_failed_its_partner_authentication(string reason, string? appKey, string? secret, int minutes)
    {
        var body = new JsonObject { ["rows"] = new JsonArray(RegistryPush.Farm(FarmCode)) }.ToJsonString();
        var (response, answer) = appKey is null
            ? await SendUnsignedAsync(body)
            : await RegistryPush.SendAsync(hub.Client, body, appKey, secret!, DateTimeOffset.UtcNow.AddMinutes(minutes));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(reason, (string?)answer["reasons"]![0]!["code"]);
        var hubId = long.Parse((string)answer["hubId"]!);

        var engineer = await hub.LoginAsync("engineer");
        var replay = await engineer.PostAsJsonAsync($"/api/journal/{hubId}/replay", new { reason = "partner says it is theirs" });
        var dry = await engineer.PostAsync($"/api/journal/{hubId}/replay?dryRun=true", null);

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("REPLAY_OF_UNAUTHENTICATED_MESSAGE", (string?)(await replay.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Equal(HttpStatusCode.Conflict, dry.StatusCode);
        await using var db = hub.Db();
        Assert.False(await db.Farms.AnyAsync(f => f.Code == FarmCode));
        Assert.False(await db.Outbox.AnyAsync());
        Assert.True((await db.Journal.SingleAsync(j => j.Id == hubId)).Unauthenticated);
    }

    [Fact]
    public async Task Should_audit_a_replay_under_the_engineers_account()
    {
        var incomplete = RegistryPush.Farm(FarmCode);
        incomplete["xzqhdm"] = "220122999"; // no such township: refused, journaled, signed
        var (_, answer) = await RegistryPush.PushAsync(hub.Client, [incomplete]);
        var hubId = long.Parse((string)answer["hubId"]!);
        var engineer = await hub.LoginAsync("engineer");

        var replay = await engineer.PostAsJsonAsync($"/api/journal/{hubId}/replay", new { reason = "region table updated" });
        var result = await replay.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await using var db = hub.Db();
        var again = await db.Journal.SingleAsync(j => j.Id == (long)result!["journalId"]!);
        Assert.Equal("engineer", again.ReplayedBy);
        Assert.Equal(hubId, again.ReplayOf);
        var audit = await db.Audit.SingleAsync(a => a.Action == "journal.replay");
        Assert.Equal("engineer", audit.Actor);
        Assert.Contains("region table updated", audit.Detail);
    }

    [Fact]
    public async Task Should_refuse_a_nul_character_with_a_reason_and_stay_ready()
    {
        var farm = RegistryPush.Farm(FarmCode);
        farm["yzcmc"] = "宏达\u0000牧业";

        var (response, answer) = await RegistryPush.PushAsync(hub.Client, [farm]);
        var staff = await hub.Client.GetAsync("/api/farms?text=%00");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("TEXT_NUL", (string?)answer["reasons"]![0]!["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, staff.StatusCode);
        Assert.Equal("TEXT_NUL", (string?)(await staff.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("/health/ready")).StatusCode);
        await using var db = hub.Db();
        Assert.False(await db.Farms.AnyAsync());
    }

    [Theory]
    [InlineData("999999999")]
    [InlineData("220122999")]
    [InlineData("220122999001")]
    public async Task Should_refuse_a_region_code_that_is_not_in_the_region_table(string code)
    {
        var farm = RegistryPush.Farm(FarmCode);
        farm["xzqhdm"] = code;

        var (response, answer) = await RegistryPush.PushAsync(hub.Client, [farm]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reason = answer["reasons"]!.AsArray().Single(r => (string?)r!["code"] == "REGION_UNKNOWN")!;
        Assert.Equal("$.rows[0].xzqhdm", (string?)reason["path"]);
        await using var db = hub.Db();
        Assert.False(await db.Farms.AnyAsync());
    }

    [Fact]
    public async Task Should_answer_413_to_a_push_over_one_megabyte_before_reading_it()
    {
        var body = "{\"rows\":[{\"yzcbm\":\"" + new string('x', 1024 * 1024 + 10) + "\"}]}";

        var (response, answer) = await RegistryPush.SendAsync(hub.Client, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("BODY_TOO_LARGE", (string?)answer["title"]);
        await using var db = hub.Db();
        Assert.False(await db.Journal.AnyAsync());
    }

    [Fact]
    public async Task Should_journal_only_the_first_64_KB_of_a_refused_body_and_refuse_to_replay_it()
    {
        var farm = RegistryPush.Farm(FarmCode);
        farm["dz"] = new string('路', 100_000); // 300 KB of UTF-8, refused by the contract's length limit
        var (response, answer) = await RegistryPush.PushAsync(hub.Client, [farm]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var hubId = long.Parse((string)answer["hubId"]!);

        await using var db = hub.Db();
        var entry = await db.Journal.SingleAsync(j => j.Id == hubId);
        var replay = await (await hub.LoginAsync("engineer")).PostAsync($"/api/journal/{hubId}/replay", null);

        Assert.True(entry.BodyTruncated);
        Assert.True(Encoding.UTF8.GetByteCount(entry.RawBody) <= 64 * 1024);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("REPLAY_OF_TRUNCATED_BODY", (string?)(await replay.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Should_answer_429_with_retry_after_past_the_rate_limits()
    {
        await using var limited = hub.Factory.WithWebHostBuilder(b =>
        {
            // A second live hub on the same database needs an instance id of its own (InstanceIdGuard).
            b.UseSetting("Hub:InstanceId", "limited-hub-" + Guid.NewGuid().ToString("N")[..8]);
            b.UseSetting("Limits:StaffPerSecond", "1");
            b.UseSetting("Limits:PartnerPerSecond", "1");
        });
        var staff = await hub.LoginAsync("viewer", factory: limited);
        var partner = limited.CreateClient();

        var staffAnswers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => staff.GetAsync("/api/rollout")));
        var partnerAnswers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            RegistryPush.PushAsync(partner, [RegistryPush.Farm($"FR22012210{i:D4}")])));

        var refused = staffAnswers.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("RATE_LIMITED", (string?)(await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Contains(partnerAnswers, a => a.Response.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Contains(partnerAnswers, a => a.Response.StatusCode == HttpStatusCode.OK);
        // The second hub's relay may hold deliveries of the accepted farms: let them land before it stops.
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.CountAsync(o => o.Status != EarTagTrace.Hub.Persistence.DeliveryStatus.Delivered);
        }, n => n == 0, "the accepted farms' deliveries");
    }

    [Fact]
    public async Task Should_count_made_up_app_keys_against_the_address_not_as_partners()
    {
        // A partner's allowance is unlimited here; an unknown appKey per request must still meet the address limit.
        await using var limited = hub.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Hub:InstanceId", "limited-hub-" + Guid.NewGuid().ToString("N")[..8]);
            b.UseSetting("Limits:PartnerPerSecond", "0");
            b.UseSetting("Limits:AnonymousPerSecond", "1");
        });
        var client = limited.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            RegistryPush.PushAsync(client, [RegistryPush.Farm(FarmCode)], appKey: $"made-up-{i}", secret: "whatever")));

        Assert.Contains(answers, a => a.Response.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.All(answers, a => Assert.True(a.Response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized));
    }

    private async Task<(HttpResponseMessage Response, JsonObject Body)> SendUnsignedAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, RegistryPush.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var response = await hub.Client.SendAsync(request);
        return (response, await response.Content.ReadFromJsonAsync<JsonObject>() ?? []);
    }
}
