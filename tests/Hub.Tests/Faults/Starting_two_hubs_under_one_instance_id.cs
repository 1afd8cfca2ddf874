using EarTagTrace.Simulator;
using Npgsql;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Fault test: a second hub started by mistake under the instance id of a live one. Started, it would re-queue the
/// live one's in-flight claims as "its own from an earlier run" and they would go out twice. It must refuse to start,
/// saying why, and leave the claims alone; once the first is killed -9, a hub under that id starts at once (the lock
/// dies with the process, no waiting for a heartbeat to go stale) and takes the claims back.
/// </summary>
[Trait("Category", "Fault")]
public sealed class Starting_two_hubs_under_one_instance_id(ITestOutputHelper output) : IAsyncLifetime
{
    private HubCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await HubCluster.CreateAsync("eartag_twin", new SimulatorOptions { Farms = 10, Seed = 23 });

    [Fact]
    public async Task Should_refuse_to_start_while_the_id_is_live_and_leave_its_claims_alone()
    {
        var settings = _cluster.ProcessSettings("twin", new Dictionary<string, string?>
        {
            ["Partners:FarmRegistry:PullEnabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await using var first = new HubProcess(settings);
        await first.StartAsync();

        // A claim of the live hub's, in flight: Queued, claimed by 'twin', with its batch's request id.
        using (var http = new HttpClient { BaseAddress = new Uri(first.Url) })
        {
            var (response, body) = await RegistryPush.PushAsync(http, [RegistryPush.Farm("FR220122990001")]);
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        }
        await using var conn = new NpgsqlConnection(_cluster.ConnectionString);
        await conn.OpenAsync();
        await Eventually.WaitAsync(() => ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status <> 'Delivered'"), n => n == 0, "the farm delivered");
        await using (var claim = new NpgsqlCommand("""
            INSERT INTO outbox (created_at, destination, entity_key, payload, status, attempts, resends, request_id, queued_at, claimed_by)
            SELECT now(), destination, entity_key, payload, 'Queued', 1, 0, 'twin-in-flight', now(), 'twin'
            FROM outbox WHERE destination = 'national-cloud/farms' LIMIT 1
            """, conn))
            Assert.Equal(1, await claim.ExecuteNonQueryAsync());

        await using var second = new HubProcess(settings);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(second.StartAsync);
        output.WriteLine("the second hub under 'twin': " + refused.Message.Split('\n').FirstOrDefault(l => l.Contains("InstanceId", StringComparison.Ordinal)));
        Assert.Contains("Hub:InstanceId 'twin' belongs to another hub process", refused.Message);
        Assert.Equal(1, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE request_id = 'twin-in-flight' AND status = 'Queued' AND claimed_by = 'twin'"));

        // The first one killed: the id is free at once, and its successor takes the claim back and delivers it.
        await first.KillAsync();
        await using var successor = new HubProcess(settings);
        await successor.StartAsync();
        await Eventually.WaitAsync(() => ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE request_id = 'twin-in-flight' AND status = 'Delivered'"),
            n => n == 1, "the claim delivered by the successor under its request id");
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
