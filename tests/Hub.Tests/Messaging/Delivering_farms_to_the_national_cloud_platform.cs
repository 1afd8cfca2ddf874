using System.Net.Http.Json;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator.National;
using Microsoft.EntityFrameworkCore;

namespace EarTagTrace.Hub.Tests.Messaging;

[Collection(HubCollection.Name)]
public sealed class Delivering_farms_to_the_national_cloud_platform(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_get_every_good_farm_accepted_exactly_once_through_faults_and_fail_the_bad_one_with_its_reason()
    {
        const string bad = "FR220122100013";
        hub.Partners.NationalCloud.SetFaults(new FaultSettings
        {
            ExpireTokensNow = true,
            Script = ["401", "429", "503", "5000", "1001", "503", "503", "503"],
            RetryAfterSeconds = 1,
            RejectIds = [bad],
        });
        var codes = Enumerable.Range(1, 30).Select(i => $"FR220122100{i:000}").ToList();
        // Three pushes, so the items travel in more than one batch.
        foreach (var chunk in codes.Chunk(10))
        {
            var (response, _) = await RegistryPush.PushAsync(hub.Client, chunk.Select(c => RegistryPush.Farm(c)));
            response.EnsureSuccessStatusCode();
        }

        var final = await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.Where(o => o.Destination == "national-cloud/farms").ToListAsync();
        }, items => items.Count == 30 && items.All(o => o.Status is DeliveryStatus.Delivered or DeliveryStatus.Rejected or DeliveryStatus.Failed),
        "every national item final", timeoutSeconds: 120);

        var notDelivered = final.Where(o => o.Status != DeliveryStatus.Delivered).ToList();
        Assert.True(notDelivered.Count == 1, string.Join("\n", notDelivered.Select(o => $"{o.EntityKey} {o.Status} {o.Attempts} {o.LastError}")));
        var rejected = notDelivered[0];
        Assert.Equal(bad, rejected.EntityKey);
        Assert.Equal(DeliveryStatus.Rejected, rejected.Status);
        Assert.StartsWith("2001", rejected.LastError);

        var received = hub.Partners.NationalCloud.Received("farms");
        var ids = received.Select(r => r.Id).ToList();
        Assert.Equal(29, ids.Count);
        Assert.Equal(29, ids.Distinct().Count());
        Assert.DoesNotContain(bad, ids);
        // The faults really happened: some items needed more than one attempt.
        Assert.Contains(final, o => o.Attempts > 1 || o.LastError is not null);
    }

    [Fact]
    public async Task Should_list_deliveries_by_destination_and_status_with_the_last_error()
    {
        hub.Partners.NationalCloud.SetFaults(new FaultSettings { RejectIds = ["FR220122100002"] });
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100001"), RegistryPush.Farm("FR220122100002")]);
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.CountAsync(o => o.Status == DeliveryStatus.Rejected);
        }, n => n == 1, "the rejected item");

        var page = await hub.Client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(
            "/api/deliveries?destination=national-cloud/farms&status=rejected");

        var item = Assert.Single(page!["items"]!.AsArray())!;
        Assert.Equal("FR220122100002", (string?)item["entityKey"]);
        Assert.StartsWith("2001", (string?)item["lastError"]);
    }
}
