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
    private readonly string _database = "eartag_twin_" + Guid.NewGuid().ToString("N")[..12];
    private string _admin = "";
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("EARTAG_TEST_PG")
            ?? throw new InvalidOperationException("EARTAG_TEST_PG is not set: run the tests with ./eartag test, which starts PostgreSQL");
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", conn);
        await create.ExecuteNonQueryAsync();
        _connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
    }

    [Fact]
    public async Task Should_refuse_to_start_while_the_id_is_live_and_leave_its_claims_alone()
    {
        using var partners = PartnerSimulators.Start(new SimulatorOptions { Farms = 10, Seed = 23 });
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Hub"] = _connectionString,
            ["Hub__InstanceId"] = "twin",
            ["Partners__FarmRegistry__BaseUrl"] = partners.FarmRegistryUrl,
            ["Partners__FarmRegistry__PullEnabled"] = "false",
            ["Partners__Djet__BaseUrl"] = partners.DjetUrl,
            ["Partners__NationalCloud__BaseUrl"] = partners.NationalCloudUrl,
            ["Partners__NationalAgri__BaseUrl"] = partners.NationalAgriUrl,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var first = new HubProcess(settings);
        await first.StartAsync();

        // A claim of the live hub's, in flight: Queued, claimed by 'twin', with its batch's request id.
        using (var http = new HttpClient { BaseAddress = new Uri(first.Url) })
        {
            var (response, body) = await RegistryPush.PushAsync(http, [RegistryPush.Farm("FR220122990001")]);
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        }
        await using var conn = new NpgsqlConnection(_connectionString);
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

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}
