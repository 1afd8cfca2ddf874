using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Persistence;
using MassTransit;
using Npgsql;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Moves committed outbox rows onto the bus. A row is claimed (Pending → Queued) with SKIP LOCKED, so several hub
/// instances share the work and none publishes a row another already took.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> log) : BackgroundService
{
    private const string ClaimSql = """
        UPDATE outbox SET status = 'Queued', queued_at = @now
        WHERE id IN (
            SELECT id FROM outbox
            WHERE status = 'Pending'
               OR (status = 'Retrying' AND next_attempt_at <= @now)
               OR (status = 'Queued' AND queued_at < @orphaned)
            ORDER BY id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        RETURNING id, destination
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await RelayOnceAsync(stoppingToken);
                if (published == 0)
                    await signal.WaitAsync(TimeSpan.FromMilliseconds(o.PollMilliseconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception e)
            {
                log.LogError(e, "Outbox relay failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <summary>Claims and publishes one round of due items; returns how many.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        await using var conn = await dataSource.OpenConnectionAsync(ct);

        await using (var count = new NpgsqlCommand("SELECT count(*) FROM outbox WHERE status = 'Queued' AND queued_at >= @orphaned", conn))
        {
            count.Parameters.AddWithValue("orphaned", now.AddMinutes(-o.LeaseMinutes));
            var inFlight = (long)(await count.ExecuteScalarAsync(ct))!;
            if (inFlight >= o.MaxInFlight) return 0;
        }

        var claimed = new List<(long Id, string Destination)>();
        await using (var claim = new NpgsqlCommand(ClaimSql, conn))
        {
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("orphaned", now.AddMinutes(-o.LeaseMinutes));
            claim.Parameters.AddWithValue("limit", Math.Min(o.MaxInFlight, 2_000));
            await using var reader = await claim.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                claimed.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        if (claimed.Count == 0) return 0;

        try
        {
            foreach (var (id, destination) in claimed.OrderBy(c => c.Id))
            {
                object command = destination.StartsWith(PartnerNames.Djet + "/", StringComparison.Ordinal)
                    ? new DeliverToDjet(id, destination)
                    : new DeliverToNationalCloud(id, destination);
                await bus.Publish(command, command.GetType(), ct);
            }
        }
        catch (Exception)
        {
            // Not on the bus: hand the claim back so the next round publishes it.
            await using var release = new NpgsqlCommand("UPDATE outbox SET status = 'Pending', queued_at = NULL WHERE id = ANY(@ids) AND status = 'Queued'", conn);
            release.Parameters.AddWithValue("ids", claimed.Select(c => c.Id).ToArray());
            await release.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
        return claimed.Count;
    }
}
