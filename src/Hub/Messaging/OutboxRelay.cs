using EarTagTrace.Hub.Persistence;
using MassTransit;
using Npgsql;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Moves committed outbox rows onto the bus. A row is claimed (Pending → Queued, claimed_by = this instance) with SKIP
/// LOCKED, so several hub instances share the work and none publishes a row another live instance holds.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    DestinationDirectory destinations,
    OutboxSignal signal,
    TimeProvider time,
    HubIdentity identity,
    IOptions<OutboxOptions> options,
    IOptions<HubInstanceOptions> instanceOptions,
    ILogger<OutboxRelay> log) : BackgroundService
{
    // Due: new, a retry whose time came, a claim of an instance that stopped beating (taken over, still Queued, the
    // request id it saved kept), or — last resort — a claim older than the lease. SKIP LOCKED: instances never wait
    // for each other and never claim the same row in the same moment.
    //
    // In order of first change, per destination: once a batch of a destination has failed, that destination's
    // retried batches go one at a time, oldest first, and nothing newer is claimed until the oldest retried batch is
    // delivered or final. Each failed batch draws its own jittered retry time and consumers run batches side by side,
    // so without this a partner coming back from an outage would get the backlog in the order the jitter fell, and a
    // later change of a farm could land before an earlier one. First attempts of new rows still go side by side. The
    // price: a batch the partner keeps refusing as busy holds its destination back until it is delivered or given up
    // (MaxAttempts); an item the partner rejects is final at once and holds nothing.
    private const string ClaimSql = Persistence.Tables.OutboxTable.ClaimSql;

    // Claims of dead instances are not in flight: counting them would let a dead instance's full window block its takeover.
    private const string InFlightSql = Persistence.Tables.OutboxTable.InFlightSql;

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

        var deadAfter = (double)instanceOptions.Value.DeadAfterSeconds;
        await using (var count = new NpgsqlCommand(InFlightSql, conn))
        {
            count.Parameters.AddWithValue("orphaned", now.AddMinutes(-o.LeaseMinutes));
            count.Parameters.AddWithValue("instance", identity.Id);
            count.Parameters.AddWithValue("deadAfter", deadAfter);
            var inFlight = (long)(await count.ExecuteScalarAsync(ct))!;
            if (inFlight >= o.MaxInFlight) return 0;
        }

        var claimed = new List<(long Id, string Destination)>();
        var takenOver = new Dictionary<string, int>();
        await using (var claim = new NpgsqlCommand(ClaimSql, conn))
        {
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("orphaned", now.AddMinutes(-o.LeaseMinutes));
            claim.Parameters.AddWithValue("limit", Math.Min(o.MaxInFlight, 2_000));
            claim.Parameters.AddWithValue("instance", identity.Id);
            claim.Parameters.AddWithValue("deadAfter", deadAfter);
            await using var reader = await claim.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                claimed.Add((reader.GetInt64(0), reader.GetString(1)));
                if (!reader.IsDBNull(2))
                    takenOver[reader.GetString(2)] = takenOver.GetValueOrDefault(reader.GetString(2)) + 1;
            }
        }
        if (claimed.Count == 0) return 0;
        foreach (var (previous, n) in takenOver)
            log.LogWarning("Instance {InstanceId} took over {Count} claim(s) of instance {Previous}, which stopped beating or outlived the lease", identity.Id, n, previous);

        // A row naming no known destination has nobody to send it: it fails at once, for an engineer to look at.
        var unknown = claimed.Where(c => destinations.Find(c.Destination) is null).ToList();
        if (unknown.Count > 0)
        {
            await using var fail = new NpgsqlCommand(Persistence.Tables.OutboxTable.FailUnknownDestinationSql, conn);
            fail.Parameters.AddWithValue("ids", unknown.Select(c => c.Id).ToArray());
            fail.Parameters.AddWithValue("now", now);
            fail.Parameters.AddWithValue("instance", identity.Id);
            await fail.ExecuteNonQueryAsync(ct);
            foreach (var d in unknown.Select(c => c.Destination).Distinct())
                log.LogError("Outbox rows name destination {Destination}, which no sender serves; they were failed", d);
        }

        try
        {
            foreach (var command in Commands(claimed, destinations, o.BatchSize))
                await bus.Publish(command, command.GetType(), ct);
        }
        catch (Exception)
        {
            // Not on the bus: hand the claim back so the next round publishes it.
            await using var release = new NpgsqlCommand(Persistence.Tables.OutboxTable.ReleaseClaimsSql, conn);
            release.Parameters.AddWithValue("ids", claimed.Select(c => c.Id).ToArray());
            release.Parameters.AddWithValue("instance", identity.Id);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
        return claimed.Count;
    }

    /// <summary>
    /// The bus commands for claimed rows: one per destination and chunk of at most <paramref name="batchSize"/> ids, ids
    /// in claim order. The bus's cost is per message, and the consumer gathers and orders a batch's items again anyway.
    /// The destination's own type says which consumer takes it (no name is matched by prefix); a row naming no known
    /// destination gets no command (the relay fails it).
    /// </summary>
    public static IEnumerable<object> Commands(IEnumerable<(long Id, string Destination)> claimed, DestinationDirectory destinations, int batchSize)
    {
        foreach (var byDestination in claimed.OrderBy(c => c.Id).GroupBy(c => c.Destination, StringComparer.Ordinal))
        {
            if (destinations.Find(byDestination.Key) is not { } target) continue;
            foreach (var chunk in byDestination.Select(c => c.Id).Chunk(Math.Max(1, batchSize)))
                yield return target.Command(chunk);
        }
    }
}
