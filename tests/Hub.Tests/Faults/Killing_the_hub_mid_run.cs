using EarTagTrace.Simulator;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Fault test, short form of case 1 (part of ./eartag test; alone: dotnet test --filter Category=Fault): the hub as a
/// real process on a database of its own, 10,000 registry records pushed in signed batches and 400 动监e通 ledger
/// messages (issuances, declarations, certificates) sent beside them, kill -9 once at a random moment, restart under
/// the same instance id. A message that got no answer is set aside and sent again after the run, as the partner would.
/// Proves, through <see cref="CrashRun"/>: every message answered code 0 is applied exactly once; every outbox row is
/// Delivered and the partners saw each item under exactly one request id; nothing stays claimed or queued; and every
/// message without an answer was applied once or not at all, and its resend is answered as an original is.
/// The full form (5 kills, 100,000 records, 10,000 messages) is <see cref="Killing_the_hub_five_times_in_a_long_run"/>.
/// </summary>
[Trait("Category", "Fault")]
public sealed class Killing_the_hub_mid_run(ITestOutputHelper output)
{
    [Fact]
    public async Task Should_apply_and_deliver_every_record_exactly_once_after_a_kill_9_and_a_restart()
    {
        await using var run = await CrashRun.CreateAsync(new CrashRunOptions { Records = 10_000, LedgerMessages = 400, Kills = 1 },
            output.WriteLine);
        await run.StartAsync();
        await run.RunAsync();
        await run.DrainAsync("the outbox after the restart");
        await run.ResendAsync();
        await run.DrainAsync("the outbox after the resends");
        await run.VerifyAsync();
        Assert.Single(run.Killed);

        // Each farm reached the national platform, under exactly one request id however often it was sent.
        var attempts = run.Partners.NationalCloud.Attempts("farms").ToDictionary(a => a.Key, a => a.RequestIds);
        Assert.Equal(run.FarmCodes.Order(), attempts.Keys.Order());
        var underTwoIds = attempts.Where(a => a.Value.Distinct().Count() != 1).Select(a => a.Key).ToList();
        Assert.True(underTwoIds.Count == 0, $"{underTwoIds.Count} farm(s) travelled under more than one request id, e.g. {string.Join(", ", underTwoIds.Take(5))}");
        Assert.Equal(run.FarmCodes.Count, run.Partners.NationalCloud.Summary("farms").DistinctKeys);
    }
}
