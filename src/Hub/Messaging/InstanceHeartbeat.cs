using Npgsql;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Keeps this instance's hub_instance row alive, and on start hands back the outbox claims an earlier run of the same
/// instance left Queued: after a kill -9 their bus messages may be gone (in-memory bus), and nobody else would touch
/// them while the old heartbeat still looks fresh. Registered before the relay, so this runs before the first claim.
/// </summary>
public sealed class InstanceHeartbeat(
    NpgsqlDataSource dataSource,
    HubIdentity identity,
    IOptions<HubInstanceOptions> options,
    ILogger<InstanceHeartbeat> log) : IHostedService
{
    // Not disposed: a test host may dispose its services before it stops them, and this one holds no timer.
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await BeatAsync(starting: true, cancellationToken);
            var released = await ReleaseOwnClaimsAsync(cancellationToken);
            log.LogInformation("Hub instance {InstanceId} started; re-queued {Released} claim(s) of its previous run", identity.Id, released);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The loop keeps trying; until it succeeds the others may take this instance's old claims over, which is safe.
            log.LogError(e, "Hub instance {InstanceId}: first heartbeat failed", identity.Id);
        }
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, ct);
                await BeatAsync(starting: false, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception e)
            {
                log.LogWarning("Hub instance {InstanceId}: heartbeat failed: {Error}", identity.Id, e.GetBaseException().Message);
            }
        }
    }

    private async Task BeatAsync(bool starting, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(starting
            ? """
              INSERT INTO hub_instance (id, started_at, heartbeat_at) VALUES (@id, now(), now())
              ON CONFLICT (id) DO UPDATE SET started_at = now(), heartbeat_at = now()
              """
            : """
              INSERT INTO hub_instance (id, started_at, heartbeat_at) VALUES (@id, now(), now())
              ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
              """);
        cmd.Parameters.AddWithValue("id", identity.Id);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Pending again, request id kept: the relay claims them anew and they are re-sent under the same id.</summary>
    private async Task<int> ReleaseOwnClaimsAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Persistence.Tables.OutboxTable.ReleaseInstanceClaimsSql);
        cmd.Parameters.AddWithValue("id", identity.Id);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        try
        {
            // Stopped on purpose (the bus already stopped: this service was registered before it): hand back the claims
            // nothing consumes any more (Pending again, request id kept) and say so, so the others take over what is
            // left at once instead of after DeadAfterSeconds.
            var released = await ReleaseOwnClaimsAsync(cancellationToken);
            log.LogInformation("Hub instance {InstanceId} stopping: handed back {Released} outbox claim(s)", identity.Id, released);
            await using var cmd = dataSource.CreateCommand("UPDATE hub_instance SET heartbeat_at = 'epoch' WHERE id = @id");
            cmd.Parameters.AddWithValue("id", identity.Id);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            log.LogWarning("Hub instance {InstanceId}: could not sign off: {Error}", identity.Id, e.GetBaseException().Message);
        }
    }
}
