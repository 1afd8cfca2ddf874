using Npgsql;

namespace EarTagTrace.Hub.Observability;

/// <summary>Samples the outbox's waiting items for the depth gauges; the partial index on status keeps it cheap.</summary>
public sealed class OutboxDepthSampler(NpgsqlDataSource dataSource, HubMetrics metrics, TimeProvider time, ILogger<OutboxDepthSampler> log)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                metrics.SetDatabaseDown();
                log.LogDebug(e, "Outbox depth sample failed");
            }
            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    public async Task SampleAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Persistence.Tables.OutboxTable.DepthSql);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        var depth = new List<(string, string, long, double)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            depth.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3)));
        metrics.SetDepth(depth);
    }
}
