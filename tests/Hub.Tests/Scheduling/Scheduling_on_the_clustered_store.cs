using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EarTagTrace.Hub.Tests;

/// <summary>
/// Two hubs on Quartz's clustered ADO.NET job store (Scheduling:Clustered=true) in a database of their own: both check
/// in to the qrtz_ tables the migration made, the registry pull runs through the shared store and brings every farm.
/// Its own database, because Respawn's resets of the shared test database would empty the qrtz_ tables under it.
/// </summary>
public sealed class Scheduling_on_the_clustered_store : IAsyncLifetime
{
    private const int Farms = 300;
    private readonly string _database = "eartag_test_quartz_" + Guid.NewGuid().ToString("N")[..12];
    private string _admin = "";
    private string _connectionString = "";
    private PartnerSimulators _partners = null!;
    private readonly List<WebApplicationFactory<HubDbContext>> _hubs = [];

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("EARTAG_TEST_PG")
            ?? throw new InvalidOperationException("EARTAG_TEST_PG is not set: run the tests with ./eartag test, which starts PostgreSQL");
        await using (var conn = new NpgsqlConnection(_admin))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", conn);
            await create.ExecuteNonQueryAsync();
        }
        _connectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
        _partners = PartnerSimulators.Start(new SimulatorOptions { Farms = Farms, Seed = 11 });
    }

    private WebApplicationFactory<HubDbContext> StartHub(string instanceId)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hub"] = _connectionString,
            ["Hub:InstanceId"] = instanceId,
            ["Scheduling:Clustered"] = "true",
            ["Scheduling:CheckinSeconds"] = "1",
            ["Partners:FarmRegistry:BaseUrl"] = _partners.FarmRegistryUrl,
            ["Partners:FarmRegistry:PullEnabled"] = "true",
            ["Partners:FarmRegistry:PullIntervalSeconds"] = "1",
            ["Partners:Djet:BaseUrl"] = _partners.DjetUrl,
            ["Partners:NationalCloud:BaseUrl"] = _partners.NationalCloudUrl,
            ["Partners:NationalAgri:BaseUrl"] = _partners.NationalAgriUrl,
            ["Outbox:PollMilliseconds"] = "50",
        };
        var hub = new WebApplicationFactory<HubDbContext>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
        _ = hub.Server; // starts it: migrations, then Quartz on the persistent store
        _hubs.Add(hub);
        return hub;
    }

    [Fact]
    public async Task Should_run_the_registry_pull_from_the_shared_store_with_both_hubs_checked_in()
    {
        var first = StartHub("quartz-a");
        StartHub("quartz-b");

        await Eventually.WaitAsync(async () =>
        {
            await using var db = first.Services.CreateScope().ServiceProvider.GetRequiredService<HubDbContext>();
            return await db.Farms.CountAsync();
        }, n => n == Farms, "every registry farm pulled by the clustered job", timeoutSeconds: 120);

        await using var conn = new NpgsqlConnection(_connectionString);
        await conn.OpenAsync();
        var instances = await Eventually.WaitAsync(async () =>
        {
            await using var cmd = new NpgsqlCommand("SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = 'eartag-hub' ORDER BY 1", conn);
            var names = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
            return string.Join(",", names);
        }, n => n == "quartz-a,quartz-b", "both schedulers checked in");
        Assert.Equal("quartz-a,quartz-b", instances);

        await using var job = new NpgsqlCommand("SELECT count(*) FROM qrtz_job_details WHERE sched_name = 'eartag-hub' AND job_name = 'pull-farm-registry'", conn);
        Assert.Equal(1L, await job.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var hub in _hubs) await hub.DisposeAsync();
        _partners.Dispose();
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}
