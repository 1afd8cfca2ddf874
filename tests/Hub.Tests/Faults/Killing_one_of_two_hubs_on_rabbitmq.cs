using System.Diagnostics;
using EarTagTrace.Simulator;
using Npgsql;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Fault test, short form: two hubs (real processes) on RabbitMQ and the clustered Quartz store, one database; the one
/// holding outbox claims is killed with SIGKILL and not restarted. The survivor takes its claims over once its
/// heartbeat is stale, and every farm is delivered under exactly one request id. Runs when ./eartag test started its
/// private RabbitMQ node (EARTAG_TEST_RABBITMQ=host:port, virtual host eartag-tests, emptied each run).
/// </summary>
[Trait("Category", "Fault")]
public sealed class Killing_one_of_two_hubs_on_rabbitmq(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Records = 5_000;
    private const int BatchSize = 500;
    private HubCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await HubCluster.CreateAsync("eartag_rabbit", new SimulatorOptions { Farms = 10, Seed = 19 });

    [SkippableFact]
    public async Task Should_let_the_surviving_hub_take_over_and_deliver_every_farm_under_one_request_id()
    {
        var rabbit = Environment.GetEnvironmentVariable("EARTAG_TEST_RABBITMQ");
        Skip.If(string.IsNullOrEmpty(rabbit), "EARTAG_TEST_RABBITMQ is not set (./eartag test sets it when its RabbitMQ node runs)");
        var (host, port) = (rabbit.Split(':')[0], rabbit.Split(':')[1]);
        Dictionary<string, string> Settings(string instance) => _cluster.ProcessSettings(instance, new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMqHost"] = host,
            ["Messaging:RabbitMqPort"] = port,
            ["Messaging:RabbitMqVirtualHost"] = "eartag-tests",
            ["Scheduling:Clustered"] = "true",
            ["Partners:FarmRegistry:PullEnabled"] = "false",
            ["Limits:PartnerPerSecond"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await using var doomed = new HubProcess(Settings("rabbit-a"));
        await doomed.StartAsync();
        await using var survivor = new HubProcess(Settings("rabbit-b"));
        await survivor.StartAsync();

        await using var conn = new NpgsqlConnection(_cluster.ConnectionString);
        await conn.OpenAsync();
        // Pushed to the survivor; both relays claim from the shared outbox and both consume from the shared queues.
        using var http = new HttpClient { BaseAddress = new Uri(survivor.Url), Timeout = TimeSpan.FromSeconds(60) };
        var codes = Enumerable.Range(1, Records).Select(i => $"FR2201227{i:D5}").ToList();
        var pushes = Parallel.ForEachAsync(codes.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (batch, _) =>
        {
            var (response, body) = await RegistryPush.PushAsync(http, batch.Select(c => RegistryPush.Farm(c)));
            Assert.True(response.IsSuccessStatusCode && (int?)body["code"] == 0, body.ToJsonString());
        });

        var held = await Eventually.WaitAsync(
            () => ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status = 'Queued' AND claimed_by = 'rabbit-a'"),
            n => n > 0, "the first hub holding claims", timeoutSeconds: 120);
        await doomed.KillAsync();
        var sinceKill = Stopwatch.StartNew();
        output.WriteLine($"killed hub rabbit-a (kill -9) while it held {held} claim(s)");
        await pushes;

        var lastReport = Stopwatch.StartNew();
        await Eventually.WaitAsync(async () =>
        {
            if (lastReport.Elapsed > TimeSpan.FromSeconds(5))
            {
                output.WriteLine($"{sinceKill.Elapsed.TotalSeconds:F0} s after the kill: {await StatesAsync(conn)}");
                lastReport.Restart();
            }
            return await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status IN ('Pending', 'Queued', 'Retrying')");
        }, n => n == 0, "the outbox drained by the surviving hub", timeoutSeconds: 240);
        output.WriteLine($"kill to drained: {sinceKill.Elapsed.TotalSeconds:F1} s (the dead hub's claims wait for its heartbeat to go stale)");

        Assert.Equal(2L * Records, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE entity_key = ANY(@codes)", codes));
        Assert.Equal(0, await ScalarAsync(conn, """
            SELECT count(*) FROM (SELECT destination, entity_key FROM outbox WHERE entity_key = ANY(@codes)
                                  GROUP BY 1, 2 HAVING count(*) <> 1) twice
            """, codes));
        Assert.Equal(0, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status <> 'Delivered'"));
        var attempts = _cluster.Partners.NationalCloud.Attempts("farms");
        Assert.Equal(Records, attempts.Count);
        var underTwoIds = attempts.Where(a => a.RequestIds.Distinct().Count() != 1).Select(a => a.Key).ToList();
        Assert.True(underTwoIds.Count == 0, $"{underTwoIds.Count} farm(s) under more than one request id, e.g. {string.Join(", ", underTwoIds.Take(5))}");
        output.WriteLine($"national platform: {attempts.Count} farms, {attempts.Count(a => a.RequestIds.Count > 1)} sent more than once under their one request id");
    }

    /// <summary>Where the outbox stands (status, claimer, count), for the test's output while it waits.</summary>
    private static async Task<string> StatesAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT status || '/' || coalesce(claimed_by, '-') || ' ' || count(*) FROM outbox GROUP BY status, claimed_by ORDER BY 1", conn);
        var parts = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) parts.Add(reader.GetString(0));
        return string.Join(", ", parts);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql, List<string>? codes = null)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (codes is not null) cmd.Parameters.AddWithValue("codes", codes.ToArray());
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
