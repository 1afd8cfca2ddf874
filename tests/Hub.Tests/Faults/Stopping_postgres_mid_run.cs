using System.Diagnostics;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator;
using Npgsql;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Fault test, short form: PostgreSQL stopped while 10,000 registry records are pushed to the hub (a real process), on a
/// cluster of the test's own so the shared one stays up. While it is down the hub says it is not ready and answers
/// pushes 503 DATABASE_UNAVAILABLE, never 500 and never a code 0 it did not commit; once it is back, the resent
/// pushes are applied once each and every delivery lands under one request id.
/// </summary>
[Trait("Category", "Fault")]
public sealed class Stopping_postgres_mid_run(ITestOutputHelper output)
{
    private const int Records = 10_000;
    private const int BatchSize = 500;
    private const int StopAfterBatches = 6;

    [SkippableFact]
    public async Task Should_answer_503_while_postgres_is_down_and_apply_everything_once_when_it_is_back()
    {
        await using var cluster = await PrivateCluster.CreateAsync();
        Skip.If(cluster is null, "no PostgreSQL server binaries under /usr/lib/postgresql: no cluster of the test's own to stop");
        await using (var admin = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE eartag", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = "eartag", Timeout = 5 }.ConnectionString;
        using var partners = PartnerSimulators.Start(new SimulatorOptions { Farms = 10, Seed = 17 });
        await using var hub = new HubProcess(new Dictionary<string, string>
        {
            ["ConnectionStrings__Hub"] = connectionString,
            ["Hub__InstanceId"] = "pg-fault-hub",
            ["Partners__FarmRegistry__BaseUrl"] = partners.FarmRegistryUrl,
            ["Partners__FarmRegistry__PullEnabled"] = "false",
            ["Partners__Djet__BaseUrl"] = partners.DjetUrl,
            ["Partners__NationalCloud__BaseUrl"] = partners.NationalCloudUrl,
            ["Partners__NationalAgri__BaseUrl"] = partners.NationalAgriUrl,
            ["Limits__PartnerPerSecond"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await hub.StartAsync();

        var codes = Enumerable.Range(1, Records).Select(i => $"FR2201229{i:D5}").ToList();
        using var http = new HttpClient { BaseAddress = new Uri(hub.Url), Timeout = TimeSpan.FromSeconds(60) };
        var answered = 0;
        var interim = new ConcurrentBag<(int Status, string? Title, int? Code)>();
        var unready = new ConcurrentBag<int>();

        // Stop PostgreSQL mid-run; start it again once the hub has shown it knows (not ready, a push answered 503).
        var outage = Task.Run(async () =>
        {
            var waiting = Stopwatch.StartNew();
            while (Volatile.Read(ref answered) < StopAfterBatches)
            {
                if (waiting.Elapsed > TimeSpan.FromMinutes(5))
                    throw new TimeoutException($"only {Volatile.Read(ref answered)} of {StopAfterBatches} batches were answered in five minutes, before any outage");
                await Task.Delay(20);
            }
            await cluster.StopAsync();
            output.WriteLine($"stopped PostgreSQL after {Volatile.Read(ref answered)} of {Records / BatchSize} batches were answered");
            await Eventually.WaitAsync(async () =>
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.StatusCode != HttpStatusCode.OK) unready.Add((int)ready.StatusCode);
                return !unready.IsEmpty && interim.Any(a => a.Status == 503);
            }, seen => seen, "the hub unready and a push answered 503", timeoutSeconds: 120);
            await cluster.StartAsync();
            output.WriteLine("started PostgreSQL again");
        });

        var finals = new JsonObject?[codes.Count / BatchSize];
        await Parallel.ForEachAsync(Enumerable.Range(0, finals.Length), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (b, _) =>
        {
            var rows = codes.Skip(b * BatchSize).Take(BatchSize).Select(c => RegistryPush.Farm(c)).ToList();
            var pushing = Stopwatch.StartNew();
            while (true)
            {
                // The registry resends until it gets its final answer, but not into an outage that will never end: when
                // the outage task failed (PostgreSQL not stopped or not started again), its error is the test's, below.
                // Without this the pushes looped forever against a stopped PostgreSQL and hung the whole test run.
                if (outage.IsFaulted) return;
                if (pushing.Elapsed > TimeSpan.FromMinutes(10))
                    throw new TimeoutException($"batch {b} got no final answer in ten minutes: {string.Join(", ", interim.Take(20))}");
                try
                {
                    var (response, body) = await RegistryPush.PushAsync(http, rows);
                    if ((int?)body["code"] == 0 && response.IsSuccessStatusCode)
                    {
                        finals[b] = body;
                        Interlocked.Increment(ref answered);
                        return;
                    }
                    interim.Add(((int)response.StatusCode, (string?)body["title"], (int?)body["code"]));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    interim.Add((0, e.GetType().Name, null));
                }
                await Task.Delay(200);
            }
        });
        await outage;

        var byStatus = interim.GroupBy(a => $"{a.Status} {a.Title}").Select(g => $"{g.Key} ×{g.Count()}");
        output.WriteLine($"answers before the final code 0: {string.Join(", ", byStatus)}; /health/ready while down: {string.Join(",", unready.Distinct())}");
        Assert.DoesNotContain(interim, a => a.Status == 500);
        Assert.Contains(interim, a => a.Status == 503 && a.Title == "DATABASE_UNAVAILABLE");
        Assert.All(interim.Where(a => a.Status == 503), a => Assert.Equal("DATABASE_UNAVAILABLE", a.Title));
        Assert.Contains(503, unready);

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await Eventually.WaitAsync(
            () => ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status IN ('Pending', 'Queued', 'Retrying')"),
            n => n == 0, "the outbox drained after PostgreSQL came back", timeoutSeconds: 240);
        Assert.Equal(Records, await ScalarAsync(conn, "SELECT count(*) FROM farm WHERE code = ANY(@codes)", codes));
        Assert.Equal(2L * Records, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE entity_key = ANY(@codes)", codes));
        Assert.Equal(0, await ScalarAsync(conn, """
            SELECT count(*) FROM (SELECT destination, entity_key FROM outbox WHERE entity_key = ANY(@codes)
                                  GROUP BY 1, 2 HAVING count(*) <> 1) twice
            """, codes));
        Assert.Equal(0, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status <> 'Delivered'"));
        var attempts = partners.NationalCloud.Attempts("farms");
        Assert.Equal(Records, attempts.Count);
        Assert.All(attempts, a => Assert.Single(a.RequestIds.Distinct()));
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql, List<string>? codes = null)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (codes is not null) cmd.Parameters.AddWithValue("codes", codes.ToArray());
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
