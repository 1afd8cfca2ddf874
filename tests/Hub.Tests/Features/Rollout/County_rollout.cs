using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Rollout;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using Microsoft.EntityFrameworkCore;

namespace EarTagTrace.Hub.Tests.Features.Rollout;

[Collection(HubCollection.Name)]
public sealed class County_rollout(HubFixture hub) : IAsyncLifetime
{
    private const string Nongan = "220122";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_tell_djet_when_a_county_is_switched_on()
    {
        var (response, body) = await SwitchAsync(Nongan, true, "2026-07-15", actor: "省动监所 李工");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)body["changed"]!);
        Assert.Equal("农安县", (string?)body["name"]);
        var received = await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.Djet.Received("county-feature")),
            r => r.Count >= 1, "the county switch at 动监e通");
        var item = Assert.Single(received).Item;
        Assert.Equal(Nongan, (string?)item["xzqhdm"]);
        Assert.True((bool)item["qy"]!);
        Assert.Equal("2026-07-15 00:00:00", (string?)item["qysj"]);
    }

    [Fact]
    public async Task Should_send_nothing_new_when_the_same_state_is_put_again()
    {
        await SwitchAsync(Nongan, true, "2026-07-15");
        await WaitForDeliveredAsync(1);

        var (again, body) = await SwitchAsync(Nongan, true, "2026-07-15");
        var (off, _) = await SwitchAsync(Nongan, false, "2026-08-01");
        await WaitForDeliveredAsync(2);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((bool)body["changed"]!);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        await using var db = hub.Db();
        Assert.Equal(2, await db.Outbox.CountAsync());
        Assert.Equal(2, await db.RolloutAudits.CountAsync());
        var received = hub.Partners.Djet.Received("county-feature");
        Assert.Equal(2, received.Count);
        Assert.False((bool)received[1].Item["qy"]!);
        Assert.Equal("2026-08-01 00:00:00", (string?)received[1].Item["qysj"]);
        // Switching off a county that never switched on is the same state too.
        var (never, neverBody) = await SwitchAsync("220182", false, "2026-08-01");
        Assert.Equal(HttpStatusCode.OK, never.StatusCode);
        Assert.False((bool)neverBody["changed"]!);
    }

    [Fact]
    public async Task Should_keep_every_switch_with_the_account_that_made_it_whatever_the_caller_claims()
    {
        var admin = await hub.LoginAsync("admin");
        await SwitchAsync(Nongan, true, "2026-07-15", actor: "header 李工", client: admin);
        await SwitchAsync(Nongan, true, "2026-07-20", body: new JsonObject
        {
            ["enabled"] = true, ["since"] = "2026-07-20", ["actor"] = "body 王科长", ["note"] = "培训推迟一周",
        });
        await SwitchAsync(Nongan, false, "2026-08-01");

        var county = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/rollout/counties/{Nongan}");
        var history = county!["history"]!.AsArray();

        Assert.False((bool)county["enabled"]!);
        Assert.Equal("2026-08-01", (string?)county["since"]);
        Assert.Equal(3, history.Count);
        Assert.False((bool)history[0]!["enabled"]!);
        Assert.Equal(HubFixture.TestAccount, (string?)history[0]!["actor"]);
        Assert.Equal(HubFixture.TestAccount, (string?)history[1]!["actor"]);
        Assert.Equal("培训推迟一周", (string?)history[1]!["note"]);
        Assert.Equal("2026-07-20", (string?)history[1]!["since"]);
        Assert.Equal("admin", (string?)history[2]!["actor"]);
        var untouched = await hub.Client.GetFromJsonAsync<JsonObject>("/api/rollout/counties/220182");
        Assert.False((bool)untouched!["enabled"]!);
        Assert.Empty(untouched["history"]!.AsArray());
        // The audit log holds the same three switches under the same accounts.
        var audit = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/audit?action=county.switch&target={Nongan}");
        Assert.Equal(new[] { HubFixture.TestAccount, HubFixture.TestAccount, "admin" },
            audit!["items"]!.AsArray().Select(a => (string)a!["actor"]!).ToArray());
    }

    [Fact]
    public async Task Should_report_share_and_milestones_per_prefecture()
    {
        // 长春市 2201: 11 县（市、区） and 4 development zones, which the plan does not count.
        foreach (var (county, since) in new[]
        {
            ("220122", "2026-07-01"), ("220182", "2026-08-15"), ("220183", "2026-09-10"), ("220102", "2026-09-20"),
            ("220103", "2026-09-25"), ("220104", "2026-10-20"), ("220171", "2026-07-01"),
        })
        {
            var (response, body) = await SwitchAsync(county, true, since);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        }
        await using (var db = hub.Db())
        {
            // Since is a China date: 2026-07-01 begins at 2026-06-30T16:00Z.
            db.Declarations.AddRange(
                Declaration("D1", "220122", new DateTimeOffset(2026, 6, 30, 15, 59, 0, TimeSpan.Zero)),
                Declaration("D2", "220122", new DateTimeOffset(2026, 6, 30, 16, 0, 0, TimeSpan.Zero)),
                Declaration("D3", "220122", new DateTimeOffset(2026, 7, 15, 8, 0, 0, TimeSpan.Zero)),
                Declaration("D4", "220122", new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero)));
            db.Certificates.Add(Certificate("C1", "D3", "220122", new DateTimeOffset(2026, 7, 20, 9, 0, 0, TimeSpan.Zero)));
            // The milestones are judged on use (first linked issuance and first certificate), so 农安 also issues tags.
            db.TagIssuances.Add(new TagIssuance
            {
                Id = "FF-USE-1", Kind = IssuanceKind.First, IssuerCode = "220122", IssuerType = HolderType.County,
                ReceiverCode = "220122100", ReceiverType = HolderType.Township, Count = 10,
                IssuedAt = new DateTimeOffset(2026, 7, 10, 2, 0, 0, TimeSpan.Zero), ContentHash = "FF-USE-1",
            });
            await db.SaveChangesAsync();
        }

        var report = await hub.Client.GetFromJsonAsync<JsonObject>("/api/rollout?asOf=2026-09-30&region=22");

        Assert.Equal(2026, (int)report!["year"]!);
        var prefectures = report["prefectures"]!.AsArray();
        Assert.Equal(9, prefectures.Count);
        var changchun = prefectures.Single(p => (string?)p!["code"] == "2201")!;
        Assert.Equal(11, (int)changchun["counties"]!);
        Assert.Equal(5, (int)changchun["enabled"]!);
        Assert.Equal(45.5m, (decimal)changchun["percentage"]!);
        var milestones = changchun["milestones"]!.AsArray();
        Assert.Equal(["2026-07-30", "2026-09-30", "2026-10-30"], milestones.Select(m => (string?)m!["date"]));
        AssertMilestone(milestones[0]!, "atLeastOne", required: 1, enabled: 1, met: true, ahead: false);
        AssertMilestone(milestones[1]!, "half", required: 6, enabled: 5, met: false, ahead: false);
        AssertMilestone(milestones[2]!, "all", required: 11, enabled: 6, met: false, ahead: true);

        var counties = changchun["countyList"]!.AsArray();
        var nongan = counties.Single(c => (string?)c!["code"] == "220122")!;
        Assert.Equal(2, (int)nongan["declarations"]!);
        Assert.Equal(1, (int)nongan["certificates"]!);
        var zone = counties.Single(c => (string?)c!["code"] == "220171")!;
        Assert.False((bool)zone["countsTowardPlan"]!);
        Assert.True((bool)zone["inForce"]!);
        var later = counties.Single(c => (string?)c!["code"] == "220104")!;
        Assert.True((bool)later["enabled"]!);
        Assert.False((bool)later["inForce"]!);
        Assert.Null(counties.Single(c => (string?)c!["code"] == "220106")!["declarations"]);

        var jilinCity = prefectures.Single(p => (string?)p!["code"] == "2202")!;
        Assert.Equal(0, (int)jilinCity["enabled"]!);
        AssertMilestone(jilinCity["milestones"]![0]!, "atLeastOne", required: 1, enabled: 0, met: false, ahead: false);
        Assert.Equal(5, (int)report["total"]!["enabled"]!);
    }

    [Fact]
    public async Task Should_refuse_what_is_not_a_current_county_and_a_bad_date()
    {
        AssertRefused(await SwitchAsync("999999", true, "2026-07-15"), HttpStatusCode.NotFound, "COUNTY_UNKNOWN");
        AssertRefused(await SwitchAsync("220122100", true, "2026-07-15"), HttpStatusCode.UnprocessableEntity, "COUNTY_UNKNOWN");
        AssertRefused(await SwitchAsync("2201", true, "2026-07-15"), HttpStatusCode.UnprocessableEntity, "COUNTY_UNKNOWN");
        AssertRefused(await SwitchAsync(Nongan, true, "2026-02-30"), HttpStatusCode.BadRequest, "SINCE_INVALID");
        AssertRefused(await SwitchAsync(Nongan, true, "15/07/2026"), HttpStatusCode.BadRequest, "SINCE_INVALID");
        AssertRefused(await SwitchAsync(Nongan, true, "", body: new JsonObject { ["enabled"] = true }),
            HttpStatusCode.BadRequest, "SINCE_MISSING");
        AssertRefused(await SwitchAsync(Nongan, true, "", body: new JsonObject { ["since"] = "2026-07-15" }),
            HttpStatusCode.BadRequest, "ENABLED_MISSING");
        AssertRefused(await SwitchAsync(Nongan, false, "2090-01-01"), HttpStatusCode.UnprocessableEntity, "SINCE_IN_FUTURE");
        var unknown = await hub.Client.GetAsync("/api/rollout/counties/999999");
        var badAsOf = await hub.Client.GetAsync("/api/rollout?asOf=2026-13-01");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badAsOf.StatusCode);
        await using var db = hub.Db();
        Assert.False(await db.CountyRollouts.AnyAsync());
        Assert.False(await db.RolloutAudits.AnyAsync());
        Assert.False(await db.Outbox.AnyAsync());
    }

    [Fact]
    public async Task Should_let_declarations_in_from_the_china_date_of_since()
    {
        await SwitchAsync(Nongan, true, "2026-07-15");
        await using var db = hub.Db();

        Assert.False(await CountyRolloutRules.IsEnabledAsync(db, Nongan, new DateTimeOffset(2026, 7, 14, 15, 59, 59, TimeSpan.Zero), default));
        Assert.True(await CountyRolloutRules.IsEnabledAsync(db, Nongan, new DateTimeOffset(2026, 7, 14, 16, 0, 0, TimeSpan.Zero), default));
        Assert.False(await CountyRolloutRules.IsEnabledAsync(db, "220182", new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero), default));
    }

    [Fact]
    public void Should_take_milestones_of_the_report_year_from_configuration_else_the_plan()
    {
        var options = new RolloutOptions
        {
            Milestones =
            [
                new MilestoneSetting { Date = "2027-08-15", Share = 0.0001m },
                new MilestoneSetting { Date = "2027-11-30", Rule = "all" },
                new MilestoneSetting { Date = "09-30", Rule = "half" },
            ],
        };

        var in2027 = RolloutMilestones.ForYear(options, 2027);
        var in2026 = RolloutMilestones.ForYear(options, 2026);
        var plan = RolloutMilestones.ForYear(new RolloutOptions(), 2028);

        Assert.Equal([new DateOnly(2027, 8, 15), new DateOnly(2027, 11, 30)], in2027.Select(m => m.In(2027)));
        Assert.Equal(1, in2027[0].Required(11));
        Assert.Equal(new DateOnly(2026, 9, 30), Assert.Single(in2026).In(2026));
        Assert.Equal(6, in2026[0].Required(11));
        Assert.Equal([new DateOnly(2028, 7, 30), new DateOnly(2028, 9, 30), new DateOnly(2028, 10, 30)], plan.Select(m => m.In(2028)));
        Assert.Equal(0, plan[0].Required(0));

        var bad = new RolloutOptionsValidator().Validate(null, new RolloutOptions
        {
            Milestones = [new MilestoneSetting { Date = "2026-07-30", Rule = "most" }, new MilestoneSetting { Date = "30 July", Share = 0.5m }],
        });
        Assert.True(bad.Failed);
        Assert.Contains("Rollout:Milestones:0", bad.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Rollout:Milestones:1", bad.FailureMessage, StringComparison.Ordinal);
    }

    private static void AssertMilestone(JsonNode milestone, string rule, int required, int enabled, bool met, bool ahead)
    {
        Assert.Equal(rule, (string?)milestone["rule"]);
        Assert.Equal(required, (int)milestone["required"]!);
        Assert.Equal(enabled, (int)milestone["enabled"]!);
        Assert.Equal(met, (bool)milestone["met"]!);
        Assert.Equal(ahead, (bool)milestone["ahead"]!);
    }

    private static void AssertRefused((HttpResponseMessage Response, JsonObject Body) answer, HttpStatusCode status, string reason)
    {
        Assert.True(status == answer.Response.StatusCode, answer.Body.ToJsonString());
        Assert.Equal(reason, (string?)answer.Body["title"]);
    }

    private async Task<(HttpResponseMessage Response, JsonObject Body)> SwitchAsync(
        string county, bool enabled, string since, string? actor = null, JsonObject? body = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/rollout/counties/{county}")
        {
            Content = JsonContent.Create(body ?? new JsonObject { ["enabled"] = enabled, ["since"] = since }),
        };
        if (actor is not null) request.Headers.Add("X-Actor", actor);
        var response = await (client ?? hub.Client).SendAsync(request);
        return (response, await response.Content.ReadFromJsonAsync<JsonObject>() ?? []);
    }

    private async Task WaitForDeliveredAsync(int delivered) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.CountAsync(o => o.Status == DeliveryStatus.Delivered);
        }, n => n >= delivered, $"{delivered} delivered county switches");

    private static Declaration Declaration(string id, string county, DateTimeOffset at) => new()
    {
        Id = id, FarmCode = "FR220122100001", CountyCode = county, Species = Species.Pig, HeadCount = 1,
        DestinationCode = "220102", Purpose = MovementPurpose.Slaughter, DeclaredAt = at, ContentHash = id,
    };

    private static Certificate Certificate(string number, string declaration, string county, DateTimeOffset at) => new()
    {
        Number = number, Type = CertificateType.B, DeclarationId = declaration, FarmCode = "FR220122100001", CountyCode = county,
        Species = Species.Pig, HeadCount = 1, OriginCode = county, DestinationCode = "220102", Plate = "吉A12345", Vet = "赵兽医",
        IssuedAt = at, ValidDays = 2, ContentHash = number,
    };
}
