using System.Text.Json.Nodes;
using EarTagTrace.Hub.Observability;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator.National;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Observability;

/// <summary>
/// Failure-rate and queue-age alerts, posted to the simulators' webhook receiver. The fixture turns the background loop
/// off (Alerts:Enabled false, MinCount 5, MinIntervalMinutes 60) and the tests run the evaluation rounds themselves.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Raising_alerts(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private AlertEvaluator Evaluator => hub.Factory.Services.GetRequiredService<AlertEvaluator>();

    private static JsonObject BadFarm(string code)
    {
        var farm = RegistryPush.Farm(code);
        farm["xzqhdm"] = "220122999";
        return farm;
    }

    private List<JsonObject> Received(string kind) =>
        hub.Partners.Alerts.Received().OfType<JsonObject>().Where(a => (string?)a["kind"] == kind).ToList();

    [Fact]
    public async Task Should_raise_one_alert_for_a_burst_of_refused_pushes_and_hold_back_repeats_within_the_interval()
    {
        for (var i = 0; i < 6; i++)
            await RegistryPush.PushAsync(hub.Client, [BadFarm($"FR2201221008{i:00}")]);

        await Evaluator.EvaluateAsync();
        await Evaluator.EvaluateAsync();
        for (var i = 6; i < 9; i++)
            await RegistryPush.PushAsync(hub.Client, [BadFarm($"FR2201221008{i:00}")]);
        await Evaluator.EvaluateAsync();

        var alert = Assert.Single(Received(AlertEvaluator.InboundFailureRate));
        Assert.Equal("farm-registry", (string?)alert["target"]);
        Assert.Equal(1.0, (double)alert["value"]!);
        Assert.Equal(0.5, (double)alert["threshold"]!);
        Assert.Equal("PT5M", (string?)alert["window"]);
        Assert.NotNull(alert["at"]);
        Assert.Contains("farm-registry", (string?)alert["message"]);
    }

    [Fact]
    public async Task Should_send_nothing_below_the_minimum_count_or_the_threshold()
    {
        // Only refusals, but fewer than the minimum count of 5.
        for (var i = 0; i < 3; i++)
            await RegistryPush.PushAsync(hub.Client, [BadFarm($"FR2201221009{i:00}")]);
        await Evaluator.EvaluateAsync();
        // Then six accepted: three of nine refused, under the 0.5 threshold.
        for (var i = 10; i < 16; i++)
            await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm($"FR2201221009{i:00}")]);
        var raised = await Evaluator.EvaluateAsync();

        Assert.DoesNotContain(raised, a => a.Kind == AlertEvaluator.InboundFailureRate);
        Assert.Empty(Received(AlertEvaluator.InboundFailureRate));
    }

    [Fact]
    public async Task Should_raise_a_delivery_failure_rate_alert_when_the_platform_rejects_a_destination_s_items()
    {
        var codes = Enumerable.Range(20, 6).Select(i => $"FR2201221008{i}").ToArray();
        hub.Partners.NationalCloud.SetFaults(new FaultSettings { RejectIds = [.. codes] });
        await RegistryPush.PushAsync(hub.Client, codes.Select(c => RegistryPush.Farm(c)));
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.CountAsync(o => o.Destination == "national-cloud/farms" && o.Status == DeliveryStatus.Rejected);
        }, n => n == codes.Length, "every item rejected");

        await Evaluator.EvaluateAsync();
        await Evaluator.EvaluateAsync();

        var alert = Assert.Single(Received(AlertEvaluator.DeliveryFailureRate), a => (string?)a["target"] == "national-cloud/farms");
        Assert.Equal(1.0, (double)alert["value"]!);
    }

    [Fact]
    public async Task Should_raise_a_queue_age_alert_for_an_old_waiting_outbox_item()
    {
        await using (var conn = new NpgsqlConnection(hub.ConnectionString))
        {
            await conn.OpenAsync();
            // Retrying far in the future, so the relay leaves it where it is; created long before the 15 minutes allowed.
            await using var insert = new NpgsqlCommand("""
                insert into outbox (created_at, destination, entity_key, payload, status, attempts, resends, next_attempt_at)
                values (now() - interval '2 hours', 'national-cloud/farms', 'FR220122100999', '{}'::jsonb, 'Retrying', 1, 0,
                        now() + interval '1 day')
                """, conn);
            await insert.ExecuteNonQueryAsync();
        }

        await Evaluator.EvaluateAsync();
        await Evaluator.EvaluateAsync();

        var alert = Assert.Single(Received(AlertEvaluator.QueueAge));
        Assert.Equal("national-cloud/farms", (string?)alert["target"]);
        Assert.True((double)alert["value"]! > (double)alert["threshold"]!);
    }
}
