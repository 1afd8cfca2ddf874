using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Fault case 2 (./eartag faults; not part of ./eartag test, which runs the two-hub short form): three hubs on RabbitMQ
/// and Quartz's clustered store, one database, all pulling the registry every second while registry records and
/// 动监e通 ledger messages are sent to all three; one is killed with SIGKILL at a random moment and not restarted.
/// Proves the four properties of <see cref="CrashRun"/> (the survivors take the dead one's claims over once its
/// heartbeat is stale), and that the registry pull never ran on two hubs at once: the registry simulator counts list
/// requests in flight (each page held 150 ms, so overlapping pulls would show; a calibration first shows it counts 2
/// for two overlapping requests). Quartz's qrtz_execution_history is checked too, but stays empty unless Quartz's
/// history plugin is on, which the hub does not switch on: the simulator's count is the proof. Sizes from EARTAG_FAULT_RECORDS and EARTAG_FAULT_MESSAGES (default 10,000 and 1,000).
/// Runs when EARTAG_FAULT_FULL=1 and ./eartag started its RabbitMQ node (EARTAG_TEST_RABBITMQ).
/// </summary>
[Trait("Category", "FaultFull")]
public sealed class Killing_one_of_three_hubs_on_rabbitmq(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Should_keep_every_property_and_never_pull_the_registry_twice_at_once()
    {
        var rabbit = Environment.GetEnvironmentVariable("EARTAG_TEST_RABBITMQ");
        Skip.If(Environment.GetEnvironmentVariable("EARTAG_FAULT_FULL") != "1" || string.IsNullOrEmpty(rabbit),
            "needs EARTAG_FAULT_FULL=1 and EARTAG_TEST_RABBITMQ (./eartag faults sets both): the long fault case is not part of ./eartag test");
        var options = new CrashRunOptions
        {
            Records = 10_000, LedgerMessages = 1_000, Kills = 1, Instances = 3, RestartAfterKill = false, RabbitMq = rabbit, PullRegistry = true,
        }.FromEnvironment() with { Kills = 1 };
        await using var run = await CrashRun.CreateAsync(options, output.WriteLine);

        // The counter sees overlap when there is some: two list requests at once (unsigned, so refused) count 2.
        using (var http = new HttpClient { BaseAddress = new Uri(run.Partners.FarmRegistryUrl) })
        {
            run.Partners.Registry.ListDelay = TimeSpan.FromMilliseconds(500);
            await Task.WhenAll(http.GetAsync("/openapi/yzc/list?page=1"), http.GetAsync("/openapi/yzc/list?page=2"));
            Assert.Equal(2, run.Partners.Registry.MaxConcurrentLists);
            run.Partners.Registry.ListDelay = TimeSpan.FromMilliseconds(150);
            run.Partners.Registry.Reset();
            Assert.Equal(0, run.Partners.Registry.MaxConcurrentLists);
        }

        await run.StartAsync();
        await run.RunAsync();
        await run.DrainAsync("the outbox after the kill (the survivors take over once the heartbeat is stale)");
        await run.ResendAsync();
        await run.DrainAsync("the outbox after the resends");
        await run.VerifyAsync();
        Assert.Single(run.Killed);
        await run.VerifyPullsAsync();
    }
}
