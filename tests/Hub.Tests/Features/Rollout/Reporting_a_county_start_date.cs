using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Rollout;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Tests.Features.Rollout;

/// <summary>
/// The plan, 三(二): "各县（市、区）在完成相关工作后，向省动物卫生监督所上报新功能启用时间，省动物卫生监督所在“动监e通”开通功能应用".
/// A county clerk reports the date, the province approves (the county is on from that date) or refuses with a reason.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Reporting_a_county_start_date(HubFixture hub) : IAsyncLifetime
{
    private const string Nongan = "220122";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private DateOnly Today => CountyRolloutRules.ChinaDate(hub.Clock.GetUtcNow());

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<HttpClient> ClerkAsync(string name, string region)
    {
        await hub.CreateAccountAsync(name, region, ["clerk"]);
        return await hub.LoginAsync(name);
    }

    private static async Task<(HttpResponseMessage Response, JsonObject Body)> PostAsync(HttpClient client, string path, JsonObject body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        return (response, await response.Content.ReadFromJsonAsync<JsonObject>() ?? []);
    }

    [Fact]
    public async Task Should_switch_the_county_on_from_the_approved_date_and_audit_each_step()
    {
        var clerk = await ClerkAsync("nongan-county-clerk", Nongan);
        var start = Today.AddDays(10);

        var (reported, report) = await PostAsync(clerk, $"/api/rollout/counties/{Nongan}/start-reports",
            new JsonObject { ["startDate"] = Day(start), ["note"] = "培训已完成" });
        Assert.True(reported.StatusCode == HttpStatusCode.Created, report.ToJsonString());
        Assert.Equal(("Pending", "nongan-county-clerk"), ((string?)report["status"], (string?)report["reportedBy"]));

        var (approved, decision) = await PostAsync(hub.Client, $"/api/rollout/start-reports/{(long)report["id"]!}/approve", []);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, decision.ToJsonString());
        Assert.Equal(("Approved", HubFixture.TestAccount), ((string?)decision["status"], (string?)decision["decidedBy"]));

        var county = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/rollout/counties/{Nongan}");
        Assert.Equal((true, Day(start), false), ((bool)county!["enabled"]!, (string?)county["since"], (bool)county["inForceToday"]!));
        Assert.Equal("Approved", (string?)county["startReports"]![0]!["status"]);
        // The switch takes effect on the approved date: the declaration rule reads it so.
        await using (var db = hub.Db())
        {
            Assert.False(await CountyRolloutRules.IsEnabledAsync(db, Nongan, hub.Clock.GetUtcNow(), CancellationToken.None));
            Assert.True(await CountyRolloutRules.IsEnabledAsync(db, Nongan, hub.Clock.GetUtcNow().AddDays(11), CancellationToken.None));
        }
        var received = await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.Djet.Received("county-feature")),
            r => r.Count >= 1, "the approved switch at 动监e通");
        Assert.True((bool)Assert.Single(received).Item["qy"]!);

        var audit = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/audit?action=county&target={Nongan}");
        Assert.Equal(
            new HashSet<string> { "county.start-report:nongan-county-clerk", $"county.start-report.approve:{HubFixture.TestAccount}",
                $"county.switch:{HubFixture.TestAccount}" },
            audit!["items"]!.AsArray().Select(a => $"{(string?)a!["action"]}:{(string?)a["actor"]}").ToHashSet());
        Assert.Equal(3, audit["items"]!.AsArray().Count);

        var rollout = await hub.Client.GetFromJsonAsync<JsonObject>("/api/rollout?region=2201");
        var row = rollout!["prefectures"]![0]!["countyList"]!.AsArray().Single(c => (string?)c!["code"] == Nongan)!;
        Assert.Equal(("Approved", Day(start)), ((string?)row["startReport"]!["status"], (string?)row["startReport"]!["startDate"]));
    }

    [Fact]
    public async Task Should_refuse_a_report_only_with_a_reason_and_leave_the_county_off()
    {
        var clerk = await ClerkAsync("nongan-county-clerk", Nongan);
        var (_, report) = await PostAsync(clerk, $"/api/rollout/counties/{Nongan}/start-reports",
            new JsonObject { ["startDate"] = Day(Today.AddDays(3)) });
        var id = (long)report["id"]!;

        var (noReason, noReasonBody) = await PostAsync(hub.Client, $"/api/rollout/start-reports/{id}/refuse", []);
        var (refused, refusal) = await PostAsync(hub.Client, $"/api/rollout/start-reports/{id}/refuse",
            new JsonObject { ["reason"] = "乡镇培训未完成" });
        var (again, againBody) = await PostAsync(hub.Client, $"/api/rollout/start-reports/{id}/approve", []);

        Assert.Equal((HttpStatusCode.BadRequest, "REASON_REQUIRED"), (noReason.StatusCode, (string?)noReasonBody["title"]));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(("Refused", "乡镇培训未完成"), ((string?)refusal["status"], (string?)refusal["reason"]));
        Assert.Equal((HttpStatusCode.Conflict, "START_REPORT_DECIDED"), (again.StatusCode, (string?)againBody["title"]));
        var county = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/rollout/counties/{Nongan}");
        Assert.False((bool)county!["enabled"]!);
        // The clerk reads the reason on its own county's list.
        var list = await clerk.GetFromJsonAsync<JsonObject>("/api/rollout/start-reports?status=refused");
        Assert.Equal("乡镇培训未完成", (string?)Assert.Single(list!["items"]!.AsArray())!["reason"]);
    }

    [Fact]
    public async Task Should_let_only_a_county_scope_clerk_report_and_only_the_admin_decide()
    {
        var township = await ClerkAsync("nongan-town-clerk", "220122100");
        var county = await ClerkAsync("nongan-county-clerk", Nongan);
        var body = new JsonObject { ["startDate"] = Day(Today.AddDays(5)) };

        var (fromTownship, townshipBody) = await PostAsync(township, $"/api/rollout/counties/{Nongan}/start-reports", body.DeepClone().AsObject());
        var (otherCounty, _) = await PostAsync(county, "/api/rollout/counties/220182/start-reports", body.DeepClone().AsObject());
        var (_, report) = await PostAsync(county, $"/api/rollout/counties/{Nongan}/start-reports", body.DeepClone().AsObject());
        var (selfApproved, _) = await PostAsync(county, $"/api/rollout/start-reports/{(long)report["id"]!}/approve", []);

        Assert.Equal((HttpStatusCode.Forbidden, "OUTSIDE_REGION_SCOPE"), (fromTownship.StatusCode, (string?)townshipBody["title"]));
        Assert.Equal(HttpStatusCode.Forbidden, otherCounty.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, selfApproved.StatusCode);
    }

    [Fact]
    public async Task Should_replace_a_pending_report_with_the_newer_one()
    {
        var clerk = await ClerkAsync("nongan-county-clerk", Nongan);
        var (_, first) = await PostAsync(clerk, $"/api/rollout/counties/{Nongan}/start-reports", new JsonObject { ["startDate"] = Day(Today.AddDays(5)) });
        var (_, second) = await PostAsync(clerk, $"/api/rollout/counties/{Nongan}/start-reports", new JsonObject { ["startDate"] = Day(Today.AddDays(9)) });

        await using var db = hub.Db();
        var states = db.CountyStartReports.OrderBy(r => r.Id).Select(r => r.Status).ToList();
        Assert.Equal([StartReportStatus.Superseded, StartReportStatus.Pending], states);
        Assert.NotEqual((long)first["id"]!, (long)second["id"]!);
    }

    public static TheoryData<StartReportStatus, int, bool, string?, string?> Decisions => new()
    {
        // status, start date relative to today, approve, reason → refusal code (null: allowed)
        { StartReportStatus.Pending, 0, true, null, null },
        { StartReportStatus.Pending, 5, true, "按期开通", null },
        { StartReportStatus.Pending, -1, true, null, CountyStartRules.StartDatePassed },
        { StartReportStatus.Pending, -1, false, "日期已过", null },
        { StartReportStatus.Pending, 5, false, null, CountyStartRules.ReasonRequired },
        { StartReportStatus.Pending, 5, false, "  ", CountyStartRules.ReasonRequired },
        { StartReportStatus.Approved, 5, true, null, CountyStartRules.ReportDecided },
        { StartReportStatus.Refused, 5, false, "again", CountyStartRules.ReportDecided },
        { StartReportStatus.Superseded, 5, true, null, CountyStartRules.ReportDecided },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Should_decide_only_a_pending_report_approving_no_date_gone_and_refusing_with_a_reason(
        StartReportStatus status, int days, bool approve, string? reason, string? expected)
    {
        var today = new DateOnly(2026, 7, 10);

        Assert.Equal(expected, CountyStartRules.CheckDecision(status, today.AddDays(days), approve, reason, today)?.Code);
    }

    [Theory]
    [InlineData(-1, CountyStartRules.StartDatePast)]
    [InlineData(0, null)]
    [InlineData(30, null)]
    public void Should_accept_a_reported_date_from_today_on(int days, string? expected)
    {
        var today = new DateOnly(2026, 7, 10);

        Assert.Equal(expected, CountyStartRules.CheckReport(today.AddDays(days), null, today)?.Code);
    }
}
