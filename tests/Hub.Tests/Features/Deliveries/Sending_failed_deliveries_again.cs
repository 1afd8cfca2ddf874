using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator.National;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Features.Deliveries;

[Collection(HubCollection.Name)]
public sealed class Sending_failed_deliveries_again(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<OutboxMessage> FinalAsync(string farm) =>
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.AsNoTracking().SingleAsync(o => o.Destination == "national-cloud/farms" && o.EntityKey == farm);
        }, o => o.Status is DeliveryStatus.Delivered or DeliveryStatus.Rejected or DeliveryStatus.Failed, $"{farm} final");

    [Fact]
    public async Task Should_send_a_rejected_item_again_under_a_new_request_id_once_the_platform_takes_it()
    {
        const string farm = "FR220122100301";
        hub.Partners.NationalCloud.SetFaults(new FaultSettings { RejectIds = [farm] });
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(farm)]);
        var rejected = await FinalAsync(farm);
        Assert.Equal(DeliveryStatus.Rejected, rejected.Status);

        var listed = (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/deliveries?entityKey={farm}&destination=national-cloud/farms"))!;
        Assert.Equal("business", (string?)listed["items"]![0]!["errorClass"]);

        hub.Partners.NationalCloud.SetFaults(new FaultSettings()); // the platform's side was fixed
        var engineer = await hub.LoginAsync("engineer");
        var response = await engineer.PostAsJsonAsync($"/api/deliveries/{rejected.Id}/resend", new { reason = "platform fixed its farm check" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(rejected.RequestId, (string?)answer["previousRequestId"]);

        var delivered = await FinalAsync(farm);
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(1, delivered.Resends);
        Assert.NotEqual(rejected.RequestId, delivered.RequestId);
        Assert.Contains(hub.Partners.NationalCloud.Received("farms"), r => r.Id == farm && r.RequestId == delivered.RequestId);
        await using var db = hub.Db();
        var audit = await db.Audit.SingleAsync(a => a.Action == "delivery.resend");
        Assert.Equal("engineer", audit.Actor);
        Assert.Contains(rejected.RequestId!, audit.Detail);

        var again = await engineer.PostAsJsonAsync($"/api/deliveries/{rejected.Id}/resend", new { reason = "twice" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("DELIVERY_NOT_FAILED", (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }

    /// <summary>Failed items as the processor leaves them, written directly: one per error the classification knows.</summary>
    private async Task<Dictionary<string, long>> FailedItemsAsync()
    {
        var errors = new Dictionary<string, (string Status, string Error)>
        {
            ["FR220122100311"] = ("Failed", "gave up after 12 attempts: TimeoutRejectedException: The operation didn't complete within the allowed timeout of '00:00:30'."),
            ["FR220122100312"] = ("Failed", "gave up after 12 attempts: 503: service unavailable"),
            ["FR220122100313"] = ("Failed", "gave up after 12 attempts: 429: too many requests"),
            ["FR220122100314"] = ("Failed", "BrokenCircuitException: The circuit is now open and is not allowing calls."),
            ["FR220122100315"] = ("Failed", "MAPPING_INVALID: $.phone is not a phone number"),
            ["FR220122100316"] = ("Rejected", "2001: item invalid"),
        };
        var ids = new Dictionary<string, long>();
        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        foreach (var (key, (status, error)) in errors)
        {
            await using var insert = new NpgsqlCommand("""
                insert into outbox (created_at, destination, entity_key, payload, status, attempts, last_error, request_id, completed_at)
                values (now(), 'national-cloud/farms', @key, '{}'::jsonb, @status, 12, @error, 'old-' || @key, now()) returning id
                """, conn);
            insert.Parameters.AddWithValue("key", key);
            insert.Parameters.AddWithValue("status", status);
            insert.Parameters.AddWithValue("error", error);
            ids[key] = (long)(await insert.ExecuteScalarAsync())!;
        }
        return ids;
    }

    [Fact]
    public async Task Should_classify_each_last_error_as_business_or_transport()
    {
        await FailedItemsAsync();
        var page = (await hub.Client.GetFromJsonAsync<JsonObject>("/api/deliveries?destination=national-cloud/farms&limit=50"))!;
        var classes = page["items"]!.AsArray().ToDictionary(i => (string)i!["entityKey"]!, i => (string?)i!["errorClass"]);

        Assert.Equal("transport", classes["FR220122100311"]);
        Assert.Equal("transport", classes["FR220122100312"]);
        Assert.Equal("transport", classes["FR220122100313"]);
        Assert.Equal("transport", classes["FR220122100314"]);
        Assert.Equal("business", classes["FR220122100315"]);
        Assert.Equal("business", classes["FR220122100316"]);
    }

    [Fact]
    public async Task Should_send_every_failed_item_of_a_filter_again_and_audit_it()
    {
        var ids = await FailedItemsAsync();
        await using (var conn = new NpgsqlConnection(hub.ConnectionString))
        {
            // Stored classes, as the processor writes them.
            await conn.OpenAsync();
            await using var classify = new NpgsqlCommand("""
                update outbox set error_class = case when last_error like 'gave up%' or last_error like 'Broken%' then 'Transport' else 'Business' end
                """, conn);
            await classify.ExecuteNonQueryAsync();
        }
        var engineer = await hub.LoginAsync("engineer");

        var dry = await engineer.PostAsJsonAsync("/api/deliveries/resend", new { errorClass = "transport", dryRun = true });
        Assert.Equal(4, (int)(await dry.Content.ReadFromJsonAsync<JsonObject>())!["count"]!);
        var response = await engineer.PostAsJsonAsync("/api/deliveries/resend",
            new { destination = "national-cloud/farms", errorClass = "transport", reason = "platform back after the outage" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(4, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["count"]!);

        await using var db = hub.Db();
        var items = await db.Outbox.AsNoTracking().Where(o => ids.Values.Contains(o.Id)).ToDictionaryAsync(o => o.EntityKey);
        foreach (var key in new[] { "FR220122100311", "FR220122100312", "FR220122100313", "FR220122100314" })
        {
            Assert.Equal(1, items[key].Resends);
            Assert.NotEqual("old-" + key, items[key].RequestId); // none, or a new one once sent
        }
        Assert.Equal(DeliveryStatus.Failed, items["FR220122100315"].Status);
        Assert.Equal(DeliveryStatus.Rejected, items["FR220122100316"].Status);
        var audit = await db.Audit.SingleAsync(a => a.Action == "delivery.resend-filter");
        Assert.Contains("platform back after the outage", audit.Detail);
    }

    [Fact]
    public async Task Should_refuse_bad_resends_with_a_reason()
    {
        var ids = await FailedItemsAsync();
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100321")]);
        var delivered = await FinalAsync("FR220122100321");
        var viewer = await hub.LoginAsync("viewer");

        foreach (var (path, body, status, title) in new (string, object, HttpStatusCode, string)[]
                 {
                     ($"/api/deliveries/{delivered.Id}/resend", new { reason = "x" }, HttpStatusCode.Conflict, "DELIVERY_NOT_FAILED"),
                     ("/api/deliveries/99999999/resend", new { reason = "x" }, HttpStatusCode.NotFound, "DELIVERY_UNKNOWN"),
                     ("/api/deliveries/resend", new { status = "delivered", reason = "x" }, HttpStatusCode.BadRequest, "STATUS_NOT_RESENDABLE"),
                     ("/api/deliveries/resend", new { errorClass = "cosmic", reason = "x" }, HttpStatusCode.BadRequest, "INVALID_ERROR_CLASS"),
                     ("/api/deliveries/resend", new { destination = "national-cloud/farms" }, HttpStatusCode.BadRequest, "REASON_REQUIRED"),
                 })
        {
            var response = await hub.Client.PostAsJsonAsync(path, body);
            Assert.True((status, title) == (response.StatusCode, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]), path);
        }
        Assert.Equal(HttpStatusCode.Forbidden,
            (await viewer.PostAsJsonAsync($"/api/deliveries/{ids["FR220122100316"]}/resend", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.Client.GetAsync("/api/deliveries?errorClass=cosmic")).StatusCode);
    }
}
