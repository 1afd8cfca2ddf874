using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Fault case 1 in full (./eartag faults; not part of ./eartag test): kill -9 of the hub at 5 seeded random moments
/// during a run of 100,000 registry records and 10,000 动监e通 ledger messages, the hub restarted after each kill.
/// Proves the four properties of <see cref="CrashRun"/>. Sizes from EARTAG_FAULT_RECORDS, EARTAG_FAULT_MESSAGES,
/// EARTAG_FAULT_KILLS and EARTAG_FAULT_SEED. Runs only when EARTAG_FAULT_FULL=1 (./eartag faults sets it).
/// </summary>
[Trait("Category", "FaultFull")]
public sealed class Killing_the_hub_five_times_in_a_long_run(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Should_apply_and_deliver_everything_exactly_once_across_five_kills_and_restarts()
    {
        Skip.If(Environment.GetEnvironmentVariable("EARTAG_FAULT_FULL") != "1",
            "EARTAG_FAULT_FULL is not 1 (./eartag faults sets it): the long run is not part of ./eartag test");
        var options = new CrashRunOptions { Records = 100_000, LedgerMessages = 10_000, Kills = 5 }.FromEnvironment();
        await using var run = await CrashRun.CreateAsync(options, output.WriteLine);
        await run.StartAsync();
        await run.RunAsync();
        await run.DrainAsync("the outbox after the last restart");
        await run.ResendAsync(answeredSample: 1_000);
        await run.DrainAsync("the outbox after the resends");
        await run.VerifyAsync();
        Assert.Equal(options.Kills, run.Killed.Count);
    }
}
