using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Scheduling;

/// <summary>
/// Two hubs on Quartz's clustered ADO.NET job store (Scheduling:Clustered=true) in a database of their own: both check
/// in to the qrtz_ tables the migration made, the registry pull runs through the shared store and brings every farm.
/// Its own database, because Respawn's resets of the shared test database would empty the qrtz_ tables under it.
/// </summary>
public sealed class Scheduling_on_the_clustered_store : IAsyncLifetime
{
    private const int Farms = 300;
    private HubCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await HubCluster.CreateAsync("eartag_test_quartz", new SimulatorOptions { Farms = Farms, Seed = 11 });

    private WebApplicationFactory<HubDbContext> StartHub(string instanceId) => _cluster.StartInProcess(instanceId, new Dictionary<string, string?>
    {
        ["Scheduling:Clustered"] = "true",
        ["Scheduling:CheckinSeconds"] = "1",
        ["Partners:FarmRegistry:PullEnabled"] = "true",
        ["Partners:FarmRegistry:PullIntervalSeconds"] = "1",
        ["Outbox:PollMilliseconds"] = "50",
    });

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

        await using var conn = new NpgsqlConnection(_cluster.ConnectionString);
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

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
