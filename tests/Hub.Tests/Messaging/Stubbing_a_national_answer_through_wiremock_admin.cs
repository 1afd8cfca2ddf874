using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EarTagTrace.Hub.Tests.Messaging;

/// <summary>
/// A tester adds a stub through the national cloud platform simulator's WireMock admin interface, for a case the
/// simulator's own faults do not cover, and the hub records the stub's answer as that farm's delivery result.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Stubbing_a_national_answer_through_wiremock_admin(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();

    public Task DisposeAsync()
    {
        hub.Partners.ResetStubs();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Should_record_the_stubbed_2001_for_that_farm_and_deliver_the_next_farm_through_the_built_in_platform()
    {
        const string stubbed = "FR220122100071";
        const string other = "FR220122100072";
        var stub = $$"""
            { "Priority": 1,
              "Request": { "Path": "/api/v1/farms", "Methods": ["POST"],
                           "Body": { "Matcher": { "Name": "JsonPathMatcher", "Pattern": "$.items[?(@.farmId == '{{stubbed}}')]" } } },
              "Response": { "StatusCode": 200, "BodyAsJson": { "code": "0000", "message": "success",
                            "data": { "accepted": 0, "duplicate": 0,
                                      "rejected": [ { "index": 0, "code": "2001", "message": "养殖场已注销 farm deregistered (tester stub)" } ] } } } }
            """;
        using var admin = new HttpClient();
        using (var added = await admin.PostAsync(hub.Partners.NationalCloudUrl + "/__admin/mappings", new StringContent(stub, Encoding.UTF8, "application/json")))
            Assert.Equal(201, (int)added.StatusCode);

        (await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(stubbed)])).Response.EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.Where(o => o.EntityKey == stubbed && o.Destination == "national-cloud/farms").Select(o => o.Status).ToListAsync();
        }, s => s is [DeliveryStatus.Rejected], "the stubbed farm rejected");

        var page = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/deliveries?destination=national-cloud/farms&entityKey={stubbed}");
        var item = Assert.Single(page!["items"]!.AsArray())!;
        Assert.Equal("Rejected", (string?)item["status"], ignoreCase: true);
        Assert.StartsWith("2001", (string?)item["lastError"]);
        Assert.Contains("tester stub", (string?)item["lastError"]);
        Assert.Empty(hub.Partners.NationalCloud.Received("farms"));

        // The stub matches that farm only: the next farm meets the simulator's own platform and is kept there.
        (await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(other)])).Response.EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.Where(o => o.EntityKey == other && o.Destination == "national-cloud/farms").Select(o => o.Status).ToListAsync();
        }, s => s is [DeliveryStatus.Delivered], "the other farm delivered");
        Assert.Equal([other], hub.Partners.NationalCloud.Received("farms").Select(r => r.Id));
    }
}
