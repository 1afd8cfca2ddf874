using System.Net;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator.National;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>A hub of its own whose clock can run fast, with the outbox's real backoff (2 s doubling to 10 min).</summary>
public sealed class SimulatedClockHubFixture : HubFixture
{
    protected override void AdjustSettings(Dictionary<string, string?> settings)
    {
        // The production backoff, not the test fixture's 50 ms–1 s: ten minutes of 1 s retries would use up MaxAttempts
        // and mark items Failed, which a real hub on its real settings would not do.
        settings.Remove("Outbox:RetryBaseMilliseconds");
        settings.Remove("Outbox:RetryMaxMilliseconds");
        // Two batches are enough to open the breaker; the default (20 calls) would need a bigger backlog than this test's.
        settings["Partners:NationalCloud:BreakerMinimumThroughput"] = "2";
    }
}

/// <summary>
/// Fault test: the national cloud platform answers every upload 503 for ten simulated minutes (the hub's clock runs 60×),
/// then comes back. While it is down /health/ready stays 200 and says the breaker is open (Degraded), nothing is given
/// up (no item Failed or Rejected); afterwards every farm is Delivered, under one request id, and the backlog reaches
/// the platform in outbox id order.
/// </summary>
[Trait("Category", "Fault")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class National_platform_down_for_ten_minutes(SimulatedClockHubFixture hub, ITestOutputHelper output)
    : IClassFixture<SimulatedClockHubFixture>
{
    private const int Farms = 1_000;
    private const string Destination = "national-cloud/farms";

    [Fact]
    public async Task Should_keep_every_change_report_degraded_not_dead_and_drain_in_order_when_the_platform_returns()
    {
        await hub.ResetAsync();
        hub.Partners.NationalCloud.SetFaults(new FaultSettings { Rate503 = 1.0, RetryAfterSeconds = 1 });

        var codes = Enumerable.Range(1, Farms).Select(i => $"FR2201221{i:00000}").ToList();
        // Pushed before the clock runs fast: the registry signature is checked against the hub's clock.
        foreach (var chunk in codes.Chunk(500))
        {
            var (response, body) = await RegistryPush.PushAsync(hub.Client, chunk.Select(c => RegistryPush.Farm(c)));
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        }

        hub.Clock.RunAt(60);
        var downFrom = hub.Clock.GetUtcNow();
        var readyAnswers = new List<(HttpStatusCode Status, string Body)>();
        var realWatch = System.Diagnostics.Stopwatch.StartNew();
        while (hub.Clock.GetUtcNow() - downFrom < TimeSpan.FromMinutes(10))
        {
            using var ready = await hub.Client.GetAsync("/health/ready");
            readyAnswers.Add((ready.StatusCode, await ready.Content.ReadAsStringAsync()));
            await Task.Delay(250);
        }
        List<OutboxMessage> atEndOfOutage;
        await using (var db = hub.Db())
            atEndOfOutage = await db.Outbox.Where(o => o.Destination == Destination).ToListAsync();
        hub.Partners.NationalCloud.SetFaults(new FaultSettings());
        output.WriteLine($"outage: 10 simulated minutes in {realWatch.Elapsed.TotalSeconds:F1} real s; attempts per item at its end: " +
            $"max {atEndOfOutage.Max(o => o.Attempts)}, min {atEndOfOutage.Min(o => o.Attempts)}");

        // Degraded, never dead: a 503 would take a hub that still accepts and keeps every message out of rotation.
        Assert.DoesNotContain(readyAnswers, a => a.Status != HttpStatusCode.OK);
        var degraded = readyAnswers.Where(a => (string?)JsonNode.Parse(a.Body)!["status"] == "Degraded").ToList();
        output.WriteLine($"/health/ready while down: {readyAnswers.Count} answers, {degraded.Count} Degraded; e.g. {degraded.LastOrDefault().Body}");
        Assert.NotEmpty(degraded);
        Assert.Contains("partner-breakers", degraded[^1].Body);
        Assert.Equal(Farms, atEndOfOutage.Count);
        Assert.DoesNotContain(atEndOfOutage, o => o.Status is DeliveryStatus.Failed or DeliveryStatus.Rejected or DeliveryStatus.Delivered);

        realWatch.Restart();
        var final = await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.Where(o => o.Destination == Destination).OrderBy(o => o.Id).ToListAsync();
        }, items => items.All(o => o.Status is DeliveryStatus.Delivered or DeliveryStatus.Rejected or DeliveryStatus.Failed),
        "the backlog drained", timeoutSeconds: 180);
        output.WriteLine($"drained {Farms} items {realWatch.Elapsed.TotalSeconds:F1} real s after the platform came back");

        Assert.All(final, o => Assert.Equal(DeliveryStatus.Delivered, o.Status));
        var attempts = hub.Partners.NationalCloud.Attempts("farms");
        Assert.Equal(Farms, attempts.Count);
        Assert.All(attempts, a => Assert.Single(a.RequestIds.Distinct()));
        var received = hub.Partners.NationalCloud.Received("farms");
        Assert.Equal(codes.Order(StringComparer.Ordinal), received.Select(r => r.Id).Order(StringComparer.Ordinal));

        // In order of first change: the platform accepted the farms in the order of their outbox ids.
        var idOf = final.ToDictionary(o => o.EntityKey, o => o.Id);
        var arrival = received.Select(r => idOf[r.Id]).ToList();
        Assert.Equal(arrival.Order(), arrival);

        // And the breaker closes again once a probe gets through.
        await Eventually.WaitAsync(async () => (string?)JsonNode.Parse(await hub.Client.GetStringAsync("/health/ready"))!["status"],
            s => s == "Healthy", "ready Healthy again");
    }
}
