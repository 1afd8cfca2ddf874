using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator.National;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Fault test: the national cloud platform's POST /oauth/token answers 503, then 500, for six simulated minutes (the
/// hub's clock at 60×, the outbox on its production backoff) while its uploads would work. A hub without a valid token
/// must wait: no item Failed or Rejected. Once tokens are issued again every farm is Delivered, and the platform saw
/// each under exactly one request id.
/// </summary>
[Trait("Category", "Fault")]
public sealed class National_token_endpoint_failing(SimulatedClockHubFixture hub, ITestOutputHelper output)
    : IClassFixture<SimulatedClockHubFixture>
{
    private const int Farms = 1_000;
    private const string Destination = "national-cloud/farms";

    [Fact]
    public async Task Should_hold_deliveries_while_no_token_is_issued_and_deliver_each_once_afterwards()
    {
        await hub.ResetAsync();
        // Every token issued so far is invalid, so the hub's cached one (if any) is refused with 401 and it must fetch one.
        hub.Partners.NationalCloud.SetFaults(new FaultSettings { TokenStatus = 503, ExpireTokensNow = true });

        var codes = Enumerable.Range(1, Farms).Select(i => $"FR2201223{i:00000}").ToList();
        // Pushed before the clock runs fast: the registry signature is checked against the hub's clock.
        foreach (var chunk in codes.Chunk(500))
        {
            var (response, body) = await RegistryPush.PushAsync(hub.Client, chunk.Select(c => RegistryPush.Farm(c)));
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        }

        hub.Clock.RunAt(60);
        var from = hub.Clock.GetUtcNow();
        var switched = false;
        while (hub.Clock.GetUtcNow() - from < TimeSpan.FromMinutes(6))
        {
            if (!switched && hub.Clock.GetUtcNow() - from >= TimeSpan.FromMinutes(3))
            {
                // Halfway the login service fails differently: a 500 is as transient as a 503.
                hub.Partners.NationalCloud.SetFaults(new FaultSettings { TokenStatus = 500 });
                switched = true;
            }
            await Task.Delay(250);
        }
        List<OutboxMessage> held;
        await using (var db = hub.Db())
            held = await db.Outbox.Where(o => o.Destination == Destination).ToListAsync();
        var refusals = hub.Partners.NationalCloud.TokenRefusals;
        hub.Partners.NationalCloud.SetFaults(new FaultSettings());
        output.WriteLine($"token endpoint down for 6 simulated minutes: {refusals} token requests refused; " +
            $"items by status: {string.Join(", ", held.GroupBy(o => o.Status).Select(g => $"{g.Key} {g.Count()}"))}; " +
            $"attempts per item: max {held.Max(o => o.Attempts)}");

        Assert.True(refusals > 0, "the hub never asked for a token");
        Assert.Equal(Farms, held.Count);
        Assert.DoesNotContain(held, o => o.Status is DeliveryStatus.Failed or DeliveryStatus.Rejected or DeliveryStatus.Delivered);
        Assert.Empty(hub.Partners.NationalCloud.Received("farms"));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var final = await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.Where(o => o.Destination == Destination).ToListAsync();
        }, items => items.All(o => o.Status is DeliveryStatus.Delivered or DeliveryStatus.Rejected or DeliveryStatus.Failed),
        "the held deliveries done", timeoutSeconds: 180);
        output.WriteLine($"all {Farms} delivered {watch.Elapsed.TotalSeconds:F1} real s after tokens were issued again");

        Assert.All(final, o => Assert.Equal(DeliveryStatus.Delivered, o.Status));
        var attempts = hub.Partners.NationalCloud.Attempts("farms");
        Assert.Equal(codes.Order(StringComparer.Ordinal), attempts.Select(a => a.Key).Order(StringComparer.Ordinal));
        Assert.All(attempts, a => Assert.Single(a.RequestIds));
        var received = hub.Partners.NationalCloud.Received("farms");
        Assert.Equal(Farms, received.Count);
        Assert.Equal(Farms, received.Select(r => r.Id).Distinct().Count());
    }
}
