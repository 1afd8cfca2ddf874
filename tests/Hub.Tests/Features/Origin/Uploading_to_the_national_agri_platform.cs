using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using EarTagTrace.Simulator.National;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

[Collection(HubCollection.Name)]
public sealed class Uploading_to_the_national_agri_platform(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpClient> As(string user) => _login.As(user);

    [Fact]
    public async Task Should_deliver_every_record_once_through_429_503_an_expired_token_and_a_busy_answer()
    {
        hub.Partners.NationalAgri.SetFaults(new FaultSettings { Script = ["429", "503", "401", "5000"], RetryAfterSeconds = 0 });
        var client = await As("anxi-fengcheng");
        var rows = Enumerable.Range(1, 30).Select(i => Row(entity: $"农户{i:D2}", type: "农户", address: $"地块{i}")).ToList();

        var (status, _) = await ImportAsync(client, Csv(rows));

        Assert.Equal(HttpStatusCode.OK, status);
        await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.NationalAgri.Summary("records")), s => s.DistinctKeys == 30, "30 records at the platform");
        await WaitAllDeliveredAsync(OriginDestinations.OriginRecords, 30);
        var summary = hub.Partners.NationalAgri.Summary("records");
        Assert.Equal(30, summary.Count);
        var item = hub.Partners.NationalAgri.Received("records")[0].Item;
        Assert.Equal("HOUSEHOLD", item["entityType"]!.GetValue<string>());
        Assert.Equal("350524", item["countyCode"]!.GetValue<string>());
        Assert.Equal("cowpea", item["productCode"]!.GetValue<string>());
        Assert.Equal(["COMPLIANCE_CERTIFICATE", "E_TRACE_CODE"], item["traceMethods"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task Should_upload_a_changed_record_again_and_an_unchanged_one_not()
    {
        var client = await As("anxi-fengcheng");
        await ImportAsync(client, Csv([Row(entity: "甲"), Row(entity: "乙")]));
        await WaitAllDeliveredAsync(OriginDestinations.OriginRecords, 2);

        // 乙 doubles its field; 甲 is sent as it was.
        await ImportAsync(client, Csv([Row(entity: "甲"), Row(entity: "乙", scale: "25")]));
        await WaitAllDeliveredAsync(OriginDestinations.OriginRecords, 3);

        var received = hub.Partners.NationalAgri.Received("records");
        Assert.Equal(3, received.Count);
        Assert.Equal(2, received.Count(r => r.Item["entityName"]!.GetValue<string>() == "乙"));
        Assert.Equal(25m, received.Last(r => r.Item["entityName"]!.GetValue<string>() == "乙").Item["scale"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Should_record_a_rapid_test_and_upload_it()
    {
        var client = await As("anxi-fengcheng");
        await ImportAsync(client, Csv([Row()]));
        var id = (await RecordsAsync(client))[0]!["id"]!.GetValue<long>();
        var test = new { recordId = id, product = "豇豆", sampleNo = "AX20230415-003", item = "有机磷和氨基甲酸酯类农药", result = "合格", value = "抑制率 12%", testedAt = "2023-04-15 14:20:00", tester = "黄志强" };

        var created = await client.PostAsJsonAsync("/api/origin/rapid-tests", test);
        var again = await client.PostAsJsonAsync("/api/origin/rapid-tests", test);
        var bad = await client.PostAsJsonAsync("/api/origin/rapid-tests", new { recordId = id, result = "可能" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        // 检测结果及时上传福建省农产品质量安全监测系统: the provincial system, not the national platform, takes rapid tests.
        await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.FujianMonitoring.Summary("rapid-tests")), s => s.Count == 1, "the rapid test at the provincial system");
        var item = hub.Partners.FujianMonitoring.Received("rapid-tests")[0].Item;
        Assert.Equal(("PASS", id.ToString()), (item["result"]!.GetValue<string>(), item["recordId"]!.GetValue<string>()));
        var detail = await client.GetFromJsonAsync<JsonObject>($"/api/origin/records/{id}");
        Assert.Single(detail!["rapidTests"]!.AsArray());
    }

    private async Task WaitAllDeliveredAsync(string destination, int count) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.Where(o => o.Destination == destination).GroupBy(o => o.Status).Select(g => new { g.Key, N = g.Count() }).ToListAsync();
        }, s => s.Sum(x => x.N) == count && s.All(x => x.Key == DeliveryStatus.Delivered), $"{count} deliveries to {destination}");
}
