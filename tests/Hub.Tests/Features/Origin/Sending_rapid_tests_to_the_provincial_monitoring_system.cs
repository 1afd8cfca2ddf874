using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator.National;
using Microsoft.EntityFrameworkCore;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The notice (二(一)): 对纳入监管名录的重点农产品进行抽样快速检测，并将检测结果及时上传福建省农产品质量安全监测系统. Rapid
/// tests go to the provincial system, through faults, per item; the origin record still goes to the national platform.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Sending_rapid_tests_to_the_provincial_monitoring_system(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_send_rapid_tests_to_fujian_through_faults_reject_one_and_keep_the_record_at_the_national_platform()
    {
        var client = await _login.As("anxi-fengcheng");
        await ImportAsync(client, Csv([Row()]));
        var id = (await RecordsAsync(client))[0]!["id"]!.GetValue<long>();
        hub.Partners.FujianMonitoring.SetFaults(new FaultSettings { Script = ["503", "429", "401"], RetryAfterSeconds = 0 });
        var created = new List<long>();
        foreach (var n in Enumerable.Range(1, 3))
        {
            var answer = await client.PostAsJsonAsync("/api/origin/rapid-tests", new
            {
                recordId = id, product = "豇豆", sampleNo = $"AX20230415-00{n}", item = "有机磷和氨基甲酸酯类农药", result = n == 3 ? "不合格" : "合格",
                testedAt = "2023-04-15 14:20:00", tester = "黄志强",
            });
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            created.Add((await answer.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>());
        }

        await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.FujianMonitoring.Summary("rapid-tests")), s => s.DistinctKeys == 3, "3 rapid tests at the provincial system");
        await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.NationalAgri.Summary("records")), s => s.Count == 1, "the record at the national platform");
        var received = hub.Partners.FujianMonitoring.Received("rapid-tests");
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.Equal("35", r.ProvinceCode));
        Assert.Equal("FAIL", received.Single(r => r.Item["sampleNo"]!.GetValue<string>() == "AX20230415-003").Item["result"]!.GetValue<string>());
        Assert.Equal(0, hub.Partners.NationalAgri.Summary("rapid-tests").Count);

        // A fourth test the provincial system rejects (2001): final, per item, the others stay delivered.
        hub.Partners.FujianMonitoring.SetFaults(new FaultSettings { RejectIds = [(created.Max() + 1).ToString()] });
        var rejected = await client.PostAsJsonAsync("/api/origin/rapid-tests", new
        {
            recordId = id, product = "豇豆", sampleNo = "AX20230415-004", item = "有机磷和氨基甲酸酯类农药", result = "合格",
            testedAt = "2023-04-15 15:00:00", tester = "黄志强",
        });
        Assert.Equal(HttpStatusCode.Created, rejected.StatusCode);
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.Where(o => o.Destination == OriginDestinations.RapidTests).Select(o => o.Status).ToListAsync();
        }, s => s.Count == 4 && s.Count(x => x == DeliveryStatus.Delivered) == 3 && s.Count(x => x == DeliveryStatus.Rejected) == 1,
            "three rapid tests delivered and one rejected");
    }

    [Fact]
    public async Task Should_reconcile_rapid_tests_with_the_provincial_system_and_resend_what_it_lost()
    {
        var client = await _login.As("anxi-fengcheng");
        await ImportAsync(client, Csv([Row()]));
        var id = (await RecordsAsync(client))[0]!["id"]!.GetValue<long>();
        var first = await client.PostAsJsonAsync("/api/origin/rapid-tests", new
        {
            recordId = id, product = "豇豆", sampleNo = "AX20230416-001", item = "腐霉利", result = "合格", testedAt = "2023-04-16 09:00:00", tester = "黄志强",
        });
        var testId = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>().ToString();
        // The system answers accepted but keeps nothing: only reconciliation can find it.
        hub.Partners.FujianMonitoring.SetFaults(new FaultSettings { LoseIds = [testId] });
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.CountAsync(o => o.Destination == OriginDestinations.RapidTests && o.Status == DeliveryStatus.Delivered);
        }, n => n == 1, "the rapid test answered delivered");
        Assert.Equal(0, hub.Partners.FujianMonitoring.Summary("rapid-tests").Count);

        var run = await hub.Client.PostAsJsonAsync("/api/reconciliations", new { from = "2023-04-16", to = "2023-04-16", type = "rapid-tests", county = Anxi });

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Contains("Mismatched", await run.Content.ReadAsStringAsync());
        await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.FujianMonitoring.Summary("rapid-tests")), s => s.DistinctKeys == 1, "the lost test sent again");
    }
}
