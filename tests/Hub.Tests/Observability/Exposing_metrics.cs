using System.Net;

namespace EarTagTrace.Hub.Tests.Observability;

[Collection(HubCollection.Name)]
public sealed class Exposing_metrics(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_count_messages_and_deliveries_for_a_prometheus_scrape_without_a_token()
    {
        var bad = RegistryPush.Farm("FR220122100702");
        bad["xzqhdm"] = "220122999";
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100701")]);
        await RegistryPush.PushAsync(hub.Client, [bad]);
        using var anonymous = hub.Factory.CreateClient();

        var text = await Eventually.WaitAsync(async () => await anonymous.GetStringAsync("/metrics"),
            t => t.Contains("eartag_deliveries_delivered", StringComparison.Ordinal), "a delivery counted");

        Assert.Contains("eartag_messages_received", text);
        Assert.Contains("eartag_messages_applied", text);
        Assert.Contains("eartag_messages_refused", text);
        Assert.Contains("source=\"farm-registry\"", text);
        Assert.Contains("eartag_inbound_duration", text);
        Assert.Contains("eartag_delivery_duration", text);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/metrics")).StatusCode);
    }
}
