using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Reconciliation;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator.National;
using Microsoft.EntityFrameworkCore;

namespace EarTagTrace.Hub.Tests.Features.Reconciliation;

[Collection(HubCollection.Name)]
public sealed class Reconciling_with_the_national_platform(HubFixture hub) : IAsyncLifetime
{
    private static readonly string[] Farms = ["FR220122100501", "FR220122100502", "FR220122100503"];
    private const string Day = "2026-06-01"; // the registry record's gxsj, which the platform files farms under

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task PushAndDeliverAsync()
    {
        var (response, _) = await RegistryPush.PushAsync(hub.Client, Farms.Select(f => RegistryPush.Farm(f, gxsj: Day + " 10:00:00")));
        response.EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.CountAsync(o => o.Destination == "national-cloud/farms" && o.Status == DeliveryStatus.Delivered);
        }, n => n == Farms.Length, "the farms delivered");
    }

    private async Task<JsonObject> ReportAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/reconciliations?from={Day}&to={Day}&type=farms"))!;

    [Fact]
    public async Task Should_find_the_items_the_platform_lost_send_them_again_and_report_the_day_repaired()
    {
        hub.Partners.NationalCloud.SetFaults(new FaultSettings { LoseIds = [Farms[1]] });
        await PushAndDeliverAsync();
        Assert.Equal(2, hub.Partners.NationalCloud.Reconcile("farms", "220122", DateOnly.Parse(Day)).Count);
        var engineer = await hub.LoginAsync("engineer");

        var response = await engineer.PostAsJsonAsync("/api/reconciliations", new { from = Day, to = Day, type = "farms" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var check = run["checks"]!.AsArray().Single()!;
        Assert.Equal(("Mismatched", "220122", 3, 2, 3),
            ((string?)check["state"], (string?)check["county"], (int)check["hubCount"]!, (int)check["platformCount"]!, (int)check["requeued"]!));

        var report = await Eventually.WaitAsync(() => ReportAsync(engineer),
            r => (string?)r["checks"]![0]!["state"] != "Mismatched", "the recheck");
        Assert.Equal("Repaired", (string?)report["checks"]![0]!["state"]);
        Assert.Equal(1, (int)report["summary"]!["repaired"]!);
        var platform = hub.Partners.NationalCloud.Reconcile("farms", "220122", DateOnly.Parse(Day));
        Assert.Equal((3, Reconciler.Digest(Farms)), platform);
        // Sent again under new request ids: the two the platform held were answered as duplicates, not kept twice.
        Assert.Equal(3, hub.Partners.NationalCloud.Received("farms").Count);
        await using var db = hub.Db();
        Assert.Equal("engineer", (await db.Audit.SingleAsync(a => a.Action == "reconciliation.run")).Actor);
    }

    [Fact]
    public async Task Should_report_a_day_matched_when_the_platform_holds_what_the_hub_delivered()
    {
        await PushAndDeliverAsync();

        var run = (await (await hub.Client.PostAsJsonAsync("/api/reconciliations", new { from = Day, to = "2026-06-02", county = "220122" }))
            .Content.ReadFromJsonAsync<JsonObject>())!;

        // Every type, each day of the county; farms of the 1st hold the three, everything else is empty on both sides.
        Assert.Equal(6, run["checks"]!.AsArray().Count);
        Assert.All(run["checks"]!.AsArray(), c => Assert.Equal("Matched", (string?)c!["state"]));
        var farms = run["checks"]!.AsArray().Single(c => (string?)c!["type"] == "farms" && (string?)c!["day"] == Day)!;
        Assert.Equal((3, Reconciler.Digest(Farms)), ((int)farms["hubCount"]!, (string)farms["hubDigest"]!));
        Assert.Equal(0, (int)farms["requeued"]!);
        Assert.Equal(1, (int)(await ReportAsync(hub.Client))["summary"]!["matched"]!);
    }

    [Fact]
    public async Task Should_refuse_bad_requests_with_a_reason()
    {
        var viewer = await hub.LoginAsync("viewer");
        foreach (var (body, title) in new (object, string)[]
                 {
                     (new { to = Day }, "DATES_REQUIRED"),
                     (new { from = "2026-06-02", to = Day }, "DATE_RANGE_INVALID"),
                     (new { from = "2026-01-01", to = "2026-06-01" }, "DATE_RANGE_INVALID"),
                     (new { from = Day, to = Day, type = "pigs" }, "TYPE_UNKNOWN"),
                     (new { from = Day, to = Day, county = "22" }, "COUNTY_INVALID"),
                 })
        {
            var response = await hub.Client.PostAsJsonAsync("/api/reconciliations", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(title, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.Client.PostAsJsonAsync("/api/reconciliations", new { from = "June", to = Day })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/reconciliations", new { from = Day, to = Day })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.Client.GetAsync("/api/reconciliations?from=2026-06-02")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/reconciliations?from={Day}&to={Day}")).StatusCode);
    }
}
