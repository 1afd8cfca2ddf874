using System.Diagnostics;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Scheduling;
using EarTagTrace.Simulator;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Two hubs on Quartz's clustered store both trigger the registry pull in the same moment. PullFarmRegistryJob is
/// [DisallowConcurrentExecution], which the clustered store enforces across schedulers (the other trigger is BLOCKED in
/// qrtz_triggers until the running one completes): both pulls run, one after the other, never overlapping. Two
/// overlapping pulls would read and write the same sync cursor and could apply a page twice or skip one.
/// Its own database: Respawn's resets of the shared one would empty the qrtz_ tables.
/// </summary>
[Trait("Category", "Fault")]
public sealed class Pulling_the_registry_from_two_hubs_at_once(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Farms = 1_200;
    private HubCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await HubCluster.CreateAsync("eartag_test_pull", new SimulatorOptions { Farms = Farms, Seed = 13 });

    private WebApplicationFactory<HubDbContext> StartHub(string instanceId) => _cluster.StartInProcess(instanceId, new Dictionary<string, string?>
    {
        ["Scheduling:Clustered"] = "true",
        ["Scheduling:CheckinSeconds"] = "1",
        // No interval trigger: the test fires the job itself, on both hubs at once.
        ["Partners:FarmRegistry:PullEnabled"] = "false",
        // Small pages, so one pull is many requests long and an overlap would have room to show.
        ["Partners:FarmRegistry:PageSize"] = "50",
        ["Reconciliation:NightlyEnabled"] = "false",
    });

    [Fact]
    public async Task Should_run_the_pull_on_one_hub_at_a_time_when_both_trigger_it_together()
    {
        var marker = new PullMarker();
        var schedulers = new List<IScheduler>();
        var hubs = new List<WebApplicationFactory<HubDbContext>>();
        foreach (var id in new[] { "pull-a", "pull-b" })
        {
            var hub = StartHub(id);
            hubs.Add(hub);
            var scheduler = await hub.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            scheduler.ListenerManager.AddJobListener(new PullListener(id, marker), [Matchers.Key(PullFarmRegistryJob.Key)]);
            schedulers.Add(scheduler);
        }
        // Both started: each has checked in and knows the durable job.
        foreach (var scheduler in schedulers)
            await Eventually.WaitAsync(async () => await scheduler.GetStatus() == SchedulerStatus.Running && await scheduler.Exists(PullFarmRegistryJob.Key), ok => ok, "scheduler running");

        using var go = new ManualResetEventSlim();
        var triggers = schedulers.Select(s => Task.Run(async () => { go.Wait(); await s.TriggerJob(PullFarmRegistryJob.Key); })).ToList();
        go.Set();
        await Task.WhenAll(triggers);

        var runs = await Eventually.WaitAsync(() => Task.FromResult(marker.Finished()), r => r.Count == 2, "both pulls finished", timeoutSeconds: 120);
        foreach (var r in runs)
            output.WriteLine($"{r.Instance}: {r.StartMs:F0}–{r.EndMs:F0} ms");

        Assert.Equal(0, marker.MaxRunning);
        var ordered = runs.OrderBy(r => r.StartMs).ToList();
        Assert.True(ordered[1].StartMs >= ordered[0].EndMs, $"pulls overlapped: {string.Join("; ", ordered)}");

        await using var db = hubs[0].Services.CreateScope().ServiceProvider.GetRequiredService<HubDbContext>();
        Assert.Equal(Farms, await db.Farms.CountAsync());
        output.WriteLine($"registry page requests: {_cluster.Partners.Registry.RequestLog.Count}");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private sealed record Run(string Instance, double StartMs, double EndMs);

    /// <summary>Start and end of every pull, on one clock for both hubs (they share this process).</summary>
    private sealed class PullMarker
    {
        private readonly Lock _gate = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<string, double> _running = [];
        private readonly List<Run> _finished = [];

        /// <summary>The most pulls seen running beside another (0: never two at once).</summary>
        public int MaxRunning { get; private set; }

        public void Start(string fireId)
        {
            lock (_gate)
            {
                MaxRunning = Math.Max(MaxRunning, _running.Count);
                _running[fireId] = _clock.Elapsed.TotalMilliseconds;
            }
        }

        public void End(string fireId, string instance)
        {
            lock (_gate)
            {
                if (_running.Remove(fireId, out var start))
                    _finished.Add(new Run(instance, start, _clock.Elapsed.TotalMilliseconds));
            }
        }

        public IReadOnlyList<Run> Finished()
        {
            lock (_gate) return _finished.ToList();
        }
    }

    private sealed class PullListener(string instance, PullMarker marker) : IJobListener
    {
        public string Name => "pull-marker-" + instance;

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken ct = default)
        {
            marker.Start(context.FireInstanceId);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken ct = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken ct = default)
        {
            marker.End(context.FireInstanceId, instance);
            return ValueTask.CompletedTask;
        }
    }
}
