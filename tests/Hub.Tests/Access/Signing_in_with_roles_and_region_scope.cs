using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Access;

[Collection(HubCollection.Name)]
public sealed class Signing_in_with_roles_and_region_scope(HubFixture hub) : IAsyncLifetime
{
    // 农安县 220122 (township 农安镇 220122100) and 德惠市 220183, another county of the same province.
    private const string NonganFarm = "FR220122100901";
    private const string OtherTownshipFarm = "FR220122101901";
    private const string DehuiFarm = "FR220183100901";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_issue_a_bearer_token_for_a_sandbox_account()
    {
        using var anonymous = hub.Factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "nongan", password = "nongan-sandbox" });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", (string?)body!["tokenType"]);
        Assert.True((int)body["expiresIn"]! > 0);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)body["accessToken"]!);
        var me = await anonymous.GetFromJsonAsync<JsonObject>("/api/auth/me");
        Assert.Equal("220122", (string?)me!["region"]);
        Assert.Equal("clerk", (string?)me["roles"]![0]);
    }

    [Theory]
    [InlineData("nongan", "wrong-password-1", "CREDENTIALS_INVALID")]
    [InlineData("nobody-here", "nobody-here-sandbox", "CREDENTIALS_INVALID")]
    public async Task Should_refuse_a_wrong_password_or_unknown_user_alike(string user, string password, string reason)
    {
        using var anonymous = hub.Factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = user, password });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(reason, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Should_lock_an_account_after_repeated_wrong_passwords()
    {
        await hub.CreateAccountAsync("lockout-test", "220122", [StaffRoles.Clerk]);
        using var anonymous = hub.Factory.CreateClient();
        for (var i = 0; i < 5; i++)
            await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "lockout-test", password = "not-the-password" });

        var right = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "lockout-test", password = "lockout-test-sandbox" });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("ACCOUNT_LOCKED", (string?)(await right.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Theory]
    [InlineData("/api/farms")]
    [InlineData("/api/journal")]
    [InlineData("/api/tags/ledger?region=220122")]
    [InlineData("/api/rollout")]
    [InlineData("/api/audit")]
    public async Task Should_answer_401_with_a_reason_without_a_token(string path)
    {
        using var anonymous = hub.Factory.CreateClient();
        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("TOKEN_MISSING", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Should_refuse_a_forged_token_and_leave_health_and_openapi_open()
    {
        using var client = hub.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4IiwibmFtZSI6ImFkbWluIiwicm9sZSI6ImFkbWluIiwicmVnaW9uIjoiMjIifQ.c2lnbmF0dXJl");

        var forged = await client.GetAsync("/api/farms");
        client.DefaultRequestHeaders.Authorization = null;

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("TOKEN_INVALID", (string?)(await forged.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Theory]
    [InlineData("viewer", "PUT", "/api/rollout/counties/220122")]
    [InlineData("viewer", "GET", "/api/farms/FR220122100901/qr")]
    [InlineData("viewer", "POST", "/api/journal/1/replay")]
    [InlineData("engineer", "PUT", "/api/rollout/counties/220122")]
    [InlineData("engineer", "GET", "/api/audit")]
    [InlineData("engineer", "POST", "/api/accounts")]
    [InlineData("nongan", "GET", "/api/journal")]
    [InlineData("nongan", "GET", "/api/deliveries")]
    [InlineData("nongan", "POST", "/api/jobs/pull-farm-registry")]
    [InlineData("nongan", "PUT", "/api/rollout/counties/220122")]
    [InlineData("nongan-town", "POST", "/api/tag-stock/import")]
    [InlineData("nongan-town", "GET", "/api/farms/FR220122100901/qr")]
    [InlineData("thirdparty", "POST", "/api/farms/FR220122100901/qr/rotate")]
    [InlineData("reviewer", "GET", "/api/accounts")]
    public async Task Should_answer_403_when_the_role_does_not_allow_the_call(string user, string method, string path)
    {
        var client = await hub.LoginAsync(user);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET") request.Content = JsonContent.Create(new { enabled = true, since = "2026-07-01" });

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("ROLE_REQUIRED", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Should_filter_lists_to_the_region_and_hide_what_lies_outside_it()
    {
        await PushFarmsAsync();
        var nongan = await hub.LoginAsync("nongan");
        var town = await hub.LoginAsync("nongan-town");

        var countyList = await nongan.GetFromJsonAsync<JsonObject>("/api/farms?limit=500");
        var townList = await town.GetFromJsonAsync<JsonObject>("/api/farms?limit=500");
        var outside = await nongan.GetAsync($"/api/farms/{DehuiFarm}");
        var otherTownship = await town.GetAsync($"/api/farms/{OtherTownshipFarm}");
        var inside = await town.GetAsync($"/api/farms/{NonganFarm}");

        Assert.Equal([NonganFarm, OtherTownshipFarm], Codes(countyList!));
        Assert.Equal([NonganFarm], Codes(townList!));
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal("FARM_UNKNOWN", (string?)(await outside.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Equal(HttpStatusCode.NotFound, otherTownship.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nongan.GetAsync($"/api/farms/{DehuiFarm}/stock")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nongan.GetAsync($"/api/farms/{DehuiFarm}/qr")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nongan.GetAsync("/api/tags/ledger?region=220183")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nongan.GetAsync($"/api/tags/{DjetPush.Pig(1, "220183")}/trace")).StatusCode);
    }

    [Fact]
    public async Task Should_answer_403_with_a_reason_for_a_write_outside_the_region()
    {
        await PushFarmsAsync();
        var nongan = await hub.LoginAsync("nongan");

        var rotate = await nongan.PostAsync($"/api/farms/{DehuiFarm}/qr/rotate", null);
        var sheet = await nongan.PostAsync("/api/tag-stock/import", new StringContent(
            "县级区划代码,箱号,包号,起始耳标号,终止耳标号,数量,登记时间\n220183,X1,P1,122018300000001,122018300000010,10,2026-05-01 09:00:00\n",
            System.Text.Encoding.UTF8, "text/csv"));
        var mine = await nongan.PostAsync($"/api/farms/{NonganFarm}/qr/rotate", null);

        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
        Assert.Equal("OUTSIDE_REGION_SCOPE", (string?)(await rotate.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Equal(HttpStatusCode.Forbidden, sheet.StatusCode);
        Assert.Equal("OUTSIDE_REGION_SCOPE", (string?)(await sheet.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        await using var db = hub.Db();
        Assert.False(await db.TagRegistrations.AnyAsync());
        var audit = await db.Audit.AsNoTracking().Where(a => a.Action == "qr.rotate").ToListAsync();
        Assert.Equal(NonganFarm, Assert.Single(audit).Target);
        Assert.Equal("nongan", audit[0].Actor);
    }

    [Fact]
    public async Task Should_mask_phones_and_personal_names_for_a_viewer()
    {
        await PushFarmsAsync();
        var viewer = await hub.LoginAsync("viewer");

        var farm = await viewer.GetFromJsonAsync<JsonObject>($"/api/farms/{NonganFarm}");
        var journal = await viewer.GetFromJsonAsync<JsonObject>("/api/journal?limit=1");
        var entry = await viewer.GetFromJsonAsync<JsonObject>($"/api/journal/{(long)journal!["items"]![0]!["id"]!}");
        var clear = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/farms/{NonganFarm}");

        Assert.Equal("+86138****5678", (string?)farm!["farm"]!["phone"]);
        Assert.Equal("张*", (string?)farm["farm"]!["contactName"]);
        Assert.Equal("+8613812345678", (string?)clear!["farm"]!["phone"]);
        var raw = (string)entry!["rawBody"]!;
        Assert.DoesNotContain("1234", raw);
        Assert.DoesNotContain("张伟", raw);
        Assert.Contains(NonganFarm, raw);
    }

    [Fact]
    public async Task Should_refuse_a_third_party_collectors_token_at_once_when_its_authorisation_is_revoked()
    {
        await hub.CreateAccountAsync("tp-revoke", "220122", [StaffRoles.Collector], thirdParty: true);
        var nongan = await hub.LoginAsync("nongan");
        var grant = await nongan.PostAsJsonAsync("/api/collector-authorisations", new
        {
            username = "tp-revoke", region = "220122", agreementNo = "NA-BM-TEST-7", agreementDate = "2026-11-01",
            expiresAt = DateTimeOffset.UtcNow.AddDays(30),
        });
        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        var id = (long)(await grant.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var collector = await hub.LoginAsync("tp-revoke");
        Assert.Equal(HttpStatusCode.OK, (await collector.GetAsync("/api/auth/me")).StatusCode);

        var revoke = await nongan.DeleteAsync($"/api/collector-authorisations/{id}");
        var after = await collector.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("AUTHORISATION_EXPIRED", (string?)(await after.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        var login = await hub.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { username = "tp-revoke", password = "tp-revoke-sandbox" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_third_party_once_the_clock_passes_its_authorisation_and_then_its_token()
    {
        await hub.CreateAccountAsync("tp-clock", "220122", [StaffRoles.Collector], thirdParty: true);
        var nongan = await hub.LoginAsync("nongan");
        var granted = await nongan.PostAsJsonAsync("/api/collector-authorisations", new
        {
            username = "tp-clock", region = "220122", agreementNo = "NA-BM-TEST-9", agreementDate = "2026-11-01",
            expiresAt = hub.Clock.GetUtcNow().AddMinutes(30),
        });
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
        var collector = await hub.LoginAsync("tp-clock");
        Assert.Equal(HttpStatusCode.OK, (await collector.GetAsync("/api/auth/me")).StatusCode);

        // Half an hour passes on the hub's clock: the agreement ends while the hour-long token is still good.
        hub.Clock.Advance(TimeSpan.FromMinutes(31));
        var afterAgreement = await collector.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, afterAgreement.StatusCode);
        Assert.Equal("AUTHORISATION_EXPIRED", (string?)(await afterAgreement.Content.ReadFromJsonAsync<JsonObject>())!["title"]);

        // And the province's own account, signed in now, is refused once its token's hour is over.
        var province = await hub.LoginAsync("engineer");
        Assert.Equal(HttpStatusCode.OK, (await province.GetAsync("/api/auth/me")).StatusCode);
        hub.Clock.Advance(TimeSpan.FromMinutes(61));
        var afterToken = await province.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, afterToken.StatusCode);
        Assert.Equal("TOKEN_EXPIRED", (string?)(await afterToken.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Should_refuse_a_third_party_collector_whose_authorisation_expired()
    {
        await hub.CreateAccountAsync("tp-expire", "220122", [StaffRoles.Collector], thirdParty: true);
        var nongan = await hub.LoginAsync("nongan");
        await nongan.PostAsJsonAsync("/api/collector-authorisations", new
        {
            username = "tp-expire", region = "220122", agreementNo = "NA-BM-TEST-8", agreementDate = "2026-11-01",
            expiresAt = DateTimeOffset.UtcNow.AddDays(30),
        });
        var collector = await hub.LoginAsync("tp-expire");

        // The expiry passes: the agreement's date is moved into the past, as the calendar would.
        await using (var db = hub.Db())
        {
            var account = await db.Users.SingleAsync(u => u.UserName == "tp-expire");
            await db.CollectorAuthorisations.Where(a => a.AccountId == account.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }
        var after = await collector.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("AUTHORISATION_EXPIRED", (string?)(await after.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    [Fact]
    public async Task Should_let_the_sandbox_third_party_work_under_its_authorisation()
    {
        var thirdParty = await hub.LoginAsync("thirdparty");
        var me = await thirdParty.GetFromJsonAsync<JsonObject>("/api/auth/me");
        var grants = await (await hub.LoginAsync("nongan")).GetFromJsonAsync<JsonObject>("/api/collector-authorisations");

        Assert.Equal("220122", (string?)me!["region"]);
        var grant = grants!["items"]!.AsArray().Single(g => (string?)g!["username"] == "thirdparty")!;
        Assert.True((bool)grant["live"]!);
        Assert.Equal("nongan", (string?)grant["authorisedBy"]);
    }

    [Fact]
    public async Task Should_end_old_tokens_when_an_administrator_disables_an_account()
    {
        await hub.CreateAccountAsync("disable-me", "220122", [StaffRoles.Clerk]);
        var user = await hub.LoginAsync("disable-me");
        var admin = await hub.LoginAsync("admin");

        var patch = await admin.PatchAsJsonAsync("/api/accounts/disable-me", new { disabled = true });
        var after = await user.GetAsync("/api/farms");

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var audit = await admin.GetFromJsonAsync<JsonObject>("/api/audit?action=account&target=disable-me");
        Assert.Equal("admin", (string?)audit!["items"]![0]!["actor"]);
    }

    [Fact]
    public async Task Should_keep_the_audit_log_append_only()
    {
        var admin = await hub.LoginAsync("admin");
        await admin.PutAsJsonAsync("/api/rollout/counties/220122", new { enabled = true, since = "2026-07-01" });
        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();

        var update = await Assert.ThrowsAsync<PostgresException>(async () =>
            await new NpgsqlCommand("UPDATE audit_log SET actor = 'someone else'", conn).ExecuteNonQueryAsync());
        var delete = await Assert.ThrowsAsync<PostgresException>(async () =>
            await new NpgsqlCommand("DELETE FROM audit_log", conn).ExecuteNonQueryAsync());

        Assert.Contains("append-only", update.MessageText);
        Assert.Contains("append-only", delete.MessageText);
        Assert.Equal(1L, await new NpgsqlCommand("SELECT count(*) FROM audit_log WHERE actor = 'admin'", conn).ExecuteScalarAsync());
    }

    [Fact]
    public async Task Should_require_authorization_on_every_api_endpoint_but_login()
    {
        var sources = hub.Factory.Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>();
        var open = sources.SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null
                        || e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .ToList();

        Assert.Equal(["api/auth/login"], open);
    }

    private async Task PushFarmsAsync()
    {
        var other = RegistryPush.Farm(OtherTownshipFarm);
        other["xzqhdm"] = "220122101";
        var dehui = RegistryPush.Farm(DehuiFarm);
        dehui["xzqhdm"] = "220183100";
        var (response, body) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(NonganFarm), other, dehui]);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
    }

    private static string[] Codes(JsonObject page) =>
        page["items"]!.AsArray().Select(f => (string)f!["code"]!).Order(StringComparer.Ordinal).ToArray();
}
