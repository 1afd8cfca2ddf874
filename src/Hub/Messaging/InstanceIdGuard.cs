using Npgsql;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// 实例号唯一 One live process per Hub:InstanceId. The id decides whose outbox claims a hub re-queues when it starts
/// (<see cref="InstanceHeartbeat"/>), so a second process started by mistake under a live one's id would hand that
/// one's in-flight claims back to the relay and send them a second time, under a second batch. The heartbeat row
/// cannot tell a live twin from a run killed a moment ago (both look fresh), but PostgreSQL can: each hub holds a
/// session advisory lock named after its id for as long as it runs, and PostgreSQL drops it the moment the holding
/// process dies (kill -9 included). A hub that cannot take the lock refuses to start and says why. Registered before
/// the heartbeat, the relay and Quartz, so a refused hub touches nothing.
/// Needs session-level locks: behind a pooler in transaction mode (PgBouncer) point the hub at PostgreSQL directly.
/// </summary>
public sealed class InstanceIdGuard(
    NpgsqlDataSource dataSource,
    HubIdentity identity,
    IOptions<HubInstanceOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<InstanceIdGuard> log) : IHostedService
{
    private const string LockSql = "SELECT pg_try_advisory_lock(hashtextextended('eartag-hub-instance:' || @id, 0))";
    private readonly CancellationTokenSource _stop = new();
    private NpgsqlConnection? _holder;
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryHoldAsync(cancellationToken))
        {
            var (started, beat) = await HeartbeatAsync(cancellationToken);
            throw new InvalidOperationException(
                $"Hub:InstanceId '{identity.Id}' belongs to another hub process that is running now (started {started:O}, last heartbeat {beat:O}): "
                + "two processes under one id would re-queue each other's outbox claims. Give this hub its own Hub__InstanceId, or stop the other one.");
        }
        _loop = Task.Run(() => KeepAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// Re-takes the lock after the connection broke (PostgreSQL restarted). If another process took the id meanwhile,
    /// this one stops: of two processes under one id, the one that kept the lock is the instance.
    /// </summary>
    private async Task KeepAsync(CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, ct);
                if (_holder is { State: System.Data.ConnectionState.Open })
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", _holder);
                    await ping.ExecuteScalarAsync(ct);
                    continue;
                }
                if (!await TryHoldAsync(ct))
                {
                    log.LogCritical("Hub instance {InstanceId}: another process took this instance id while the database was away; stopping this one", identity.Id);
                    lifetime.StopApplication();
                    return;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
            {
                // The connection broke: the lock went with it. Try again on the next round.
                log.LogWarning("Hub instance {InstanceId}: lost the instance lock's connection: {Error}", identity.Id, e.GetBaseException().Message);
                await DropHolderAsync();
            }
        }
    }

    private async Task<bool> TryHoldAsync(CancellationToken ct)
    {
        await DropHolderAsync();
        var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(LockSql, conn);
        cmd.Parameters.AddWithValue("id", identity.Id);
        if ((bool)(await cmd.ExecuteScalarAsync(ct))!)
        {
            _holder = conn;
            return true;
        }
        await conn.DisposeAsync();
        return false;
    }

    private async Task<(DateTimeOffset? Started, DateTimeOffset? Beat)> HeartbeatAsync(CancellationToken ct)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand("SELECT started_at, heartbeat_at FROM hub_instance WHERE id = @id");
            cmd.Parameters.AddWithValue("id", identity.Id);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? (reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1)) : (null, null);
        }
        catch (NpgsqlException)
        {
            return (null, null);
        }
    }

    private async Task DropHolderAsync()
    {
        if (_holder is null) return;
        var holder = _holder;
        _holder = null;
        try
        {
            // Back to the pool without the lock, whatever the pool's reset-on-close setting.
            if (holder.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", holder);
                await unlock.ExecuteNonQueryAsync();
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException) { }
        await holder.DisposeAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        await DropHolderAsync();
    }
}
