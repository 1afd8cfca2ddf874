using System.Diagnostics;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator;
using Npgsql;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Fault test, short form (part of ./eartag test; alone: dotnet test --filter Category=Fault): the hub as a real process
/// on a database of its own, 10,000 registry records pushed in signed batches, kill -9 once mid-run, restart under the
/// same instance id. Every record is then applied exactly once, every outbox row is Delivered, nothing stays Queued,
/// and the national platform saw each farm under exactly one request id.
/// </summary>
[Trait("Category", "Fault")]
public sealed class Killing_the_hub_mid_run(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Records = 10_000;
    private const int BatchSize = 500;
    private const int KillAfterBatches = 8;
    private readonly string _database = "eartag_fault_" + Guid.NewGuid().ToString("N")[..12];
    private string _admin = "";
    private string _connectionString = "";
    private PartnerSimulators _partners = null!;

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
        _partners = PartnerSimulators.Start(new SimulatorOptions { Farms = 10, Seed = 13 });
    }

    [Fact]
    public async Task Should_apply_and_deliver_every_record_exactly_once_after_a_kill_9_and_a_restart()
    {
        await using var hub = new HubProcess(new Dictionary<string, string>
        {
            ["ConnectionStrings__Hub"] = _connectionString,
            // The same id after the restart: the restarted hub takes its earlier claims back at once.
            ["Hub__InstanceId"] = "fault-hub",
            ["Partners__FarmRegistry__BaseUrl"] = _partners.FarmRegistryUrl,
            ["Partners__FarmRegistry__PullEnabled"] = "false",
            ["Partners__Djet__BaseUrl"] = _partners.DjetUrl,
            ["Partners__NationalCloud__BaseUrl"] = _partners.NationalCloudUrl,
            ["Partners__NationalAgri__BaseUrl"] = _partners.NationalAgriUrl,
            ["Limits__PartnerPerSecond"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await hub.StartAsync();

        var codes = Enumerable.Range(1, Records).Select(i => $"FR2201228{i:D5}").ToList();
        using var http = new HttpClient { BaseAddress = new Uri(hub.Url), Timeout = TimeSpan.FromSeconds(60) };
        var answered = 0;
        var attemptsLost = 0;
        var killed = new TaskCompletionSource();
        var restartedAt = new TaskCompletionSource<Stopwatch>();

        // kill -9 once enough batches were answered, while others are in flight; then start it again at once.
        var killer = Task.Run(async () =>
        {
            while (Volatile.Read(ref answered) < KillAfterBatches) await Task.Delay(20);
            await hub.KillAsync();
            killed.SetResult();
            output.WriteLine($"killed the hub (kill -9) after {Volatile.Read(ref answered)} of {Records / BatchSize} batches were answered");
            await hub.StartAsync();
            restartedAt.SetResult(Stopwatch.StartNew());
        });

        // The partner's side: each batch is sent until the hub answers it, as the registry resends an unanswered push.
        var answers = new JsonObject?[codes.Count / BatchSize];
        await Parallel.ForEachAsync(Enumerable.Range(0, answers.Length), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, _) =>
        {
            var rows = codes.Skip(b * BatchSize).Take(BatchSize).Select(c => RegistryPush.Farm(c)).ToList();
            while (true)
            {
                try
                {
                    var (response, body) = await RegistryPush.PushAsync(http, rows);
                    if ((int)response.StatusCode < 500)
                    {
                        answers[b] = body;
                        Interlocked.Increment(ref answered);
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                {
                    Interlocked.Increment(ref attemptsLost);
                }
                await Task.Delay(200);
            }
        });
        await killer;
        var sinceRestart = await restartedAt.Task;
        output.WriteLine($"every batch answered; {attemptsLost} push attempt(s) got no answer and were sent again");
        Assert.All(answers, a => Assert.Equal(0, (int?)a?["code"]));

        await using var conn = new NpgsqlConnection(_connectionString);
        await conn.OpenAsync();
        var open = await Eventually.WaitAsync(
            () => ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status IN ('Pending', 'Queued', 'Retrying')"),
            n => n == 0, "the outbox drained after the restart", timeoutSeconds: 240);
        output.WriteLine($"restart to drained: {sinceRestart.Elapsed.TotalSeconds:F1} s (pushes after the restart included)");
        Assert.Equal(0, open);

        // Applied exactly once: one farm row per record, and one outbox row per farm and destination (a record applied
        // twice would have written a second).
        Assert.Equal(Records, await ScalarAsync(conn, "SELECT count(*) FROM farm WHERE code = ANY(@codes)", codes));
        Assert.Equal(0, await ScalarAsync(conn, """
            SELECT count(*) FROM (SELECT destination, entity_key FROM outbox WHERE entity_key = ANY(@codes)
                                  GROUP BY 1, 2 HAVING count(*) <> 1) twice
            """, codes));
        Assert.Equal(2L * Records, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE entity_key = ANY(@codes)", codes));
        Assert.Equal(0, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status <> 'Delivered'"));

        // Each farm reached the national platform, under exactly one request id however often it was sent.
        var attempts = _partners.NationalCloud.Attempts("farms").ToDictionary(a => a.Key, a => a.RequestIds);
        Assert.Equal(codes.Order(), attempts.Keys.Order());
        var underTwoIds = attempts.Where(a => a.Value.Distinct().Count() != 1).Select(a => a.Key).ToList();
        Assert.True(underTwoIds.Count == 0, $"{underTwoIds.Count} farm(s) travelled under more than one request id, e.g. {string.Join(", ", underTwoIds.Take(5))}");
        output.WriteLine($"national platform: {attempts.Count} farms, {attempts.Count(a => a.Value.Count > 1)} sent more than once under their one request id");
        Assert.Equal(Records, _partners.NationalCloud.Summary("farms").DistinctKeys);
        Assert.True(killed.Task.IsCompleted);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql, List<string>? codes = null)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (codes is not null) cmd.Parameters.AddWithValue("codes", codes.ToArray());
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        _partners.Dispose();
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}
