using EarTagTrace.Hub.Tests.Faults;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Operations;

/// <summary>
/// Issue 21, item 3: the published hub (dist/hub/EarTagTrace.Hub, self-contained, from `./eartag publish`) run the way
/// the systemd units run it: settings from the sample env file (dist/systemd/hub.env.sample), `--migrate` on a fresh
/// database first (eartag-hub-migrate.service), then the hub. It serves the partner scenarios the same as from the
/// checkout: the crash run's world (rollout, tag stock, issuances, QR tokens) and then signed registry pushes and
/// 动监e通 messages (issuances, 检疫申报 declarations, certificates), each applied once and every farm at the national
/// simulator under one request id. Skipped with the reason when dist/ has not been published.
/// </summary>
[Trait("Category", "Fault")]
public sealed class Running_from_dist(ITestOutputHelper output)
{
    // What the sample holds for a real site and the test must point at its own world instead: the database, the
    // partners (the simulators, with their sandbox credentials, the hub's defaults), the broker (one instance needs
    // none), the alert webhook (an example host), and the sandbox accounts (the test signs in as the sandbox admin).
    private static readonly string[] SiteSpecific =
        ["ConnectionStrings:", "Partners:", "Messaging:", "Alerts:", "Auth:SeedSandboxAccounts"];

    [SkippableFact]
    public async Task Should_migrate_a_fresh_database_and_serve_signed_pushes_and_declarations_through_to_the_national_platform()
    {
        var hub = Path.Combine(Repo.Root, "dist", "hub", "EarTagTrace.Hub");
        var sample = Path.Combine(Repo.Root, "dist", "systemd", "hub.env.sample");
        Skip.IfNot(File.Exists(hub) && File.Exists(sample), "dist/ is not published (./eartag publish builds it; ./eartag test runs it first)");

        var fromSample = EnvFile(sample);
        var kept = fromSample.Where(s => !SiteSpecific.Any(p => s.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(s => s.Key, s => (string?)s.Value);
        output.WriteLine($"sample env file: {fromSample.Count} setting(s); kept {string.Join(", ", kept.Keys)}; the site-specific rest points at this test's database and simulators");
        Assert.Contains("Scheduling:Clustered", kept.Keys); // the sample's scheduler setting runs as written

        await using var run = await CrashRun.CreateAsync(new CrashRunOptions
        {
            Records = 1_000, LedgerMessages = 100, Kills = 0, Instances = 1, AbandonEvery = 0, HubExecutable = hub, BaseSettings = kept,
            Seed = 20261209,
        }, output.WriteLine);

        var migrateEnv = kept.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!);
        migrateEnv["ConnectionStrings__Hub"] = run.ConnectionString;
        var (code, text) = await Repo.RunAsync(hub, ["--migrate"], migrateEnv, TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"EarTagTrace.Hub --migrate exited with {code}:\n{text}");

        await run.StartAsync();
        await run.RunAsync();
        await run.DrainAsync("the outbox of the published hub");
        await run.VerifyAsync();
        var attempts = run.Partners.NationalCloud.Attempts("farms");
        Assert.Equal(run.FarmCodes.Order(), attempts.Select(a => a.Key).Order());
        Assert.All(attempts, a => Assert.Single(a.RequestIds.Distinct()));
    }

    /// <summary>NAME=value lines of a systemd EnvironmentFile (comments and blank lines skipped), keys ':' separated.</summary>
    private static Dictionary<string, string> EnvFile(string path) => File.ReadAllLines(path)
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
        .Select(l => (Key: l[..l.IndexOf('=')].Replace("__", ":"), Value: l[(l.IndexOf('=') + 1)..]))
        .ToDictionary(x => x.Key, x => x.Value);
}
