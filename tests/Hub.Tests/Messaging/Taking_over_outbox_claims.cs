using EarTagTrace.Hub.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Messaging;

/// <summary>
/// Outbox claims across hub instances: a claim of an instance whose heartbeat stopped is taken over by another, a
/// restarted instance re-queues its own at once, a live instance's claims are left alone, and a taken-over item is
/// sent under the request id saved before the crash, never under a second one.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Taking_over_outbox_claims(HubFixture hub) : IAsyncLifetime
{
    private const string NationalFarms = "national-cloud/farms";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_take_over_the_claims_of_a_dead_hub_under_its_saved_request_id_and_leave_a_live_hubs_alone()
    {
        var rows = await DeliveredFarmRowsAsync("FR2201221005", 12);
        var dead = rows[..6];
        var live = rows[6..];
        await BeatAsync("dead-hub", "now() - interval '10 minutes'");
        await BeatAsync("live-hub", "now() + interval '1 hour'");
        await ClaimAsync(dead, "dead-hub", "dead-hub-batch-1");
        await ClaimAsync(live, "live-hub", "live-hub-batch-1");

        var after = await Eventually.WaitAsync(() => RowsAsync(dead), r => r.All(o => o.Status == DeliveryStatus.Delivered),
            "the dead hub's claims delivered by the hub under test");

        Assert.All(after, o => Assert.Equal("dead-hub-batch-1", o.RequestId));
        var attempts = hub.Partners.NationalCloud.Attempts("farms").ToDictionary(a => a.Key, a => a.RequestIds);
        Assert.Equal(dead.Select(o => o.EntityKey).Order(), attempts.Keys.Order());
        Assert.All(attempts.Values, ids => Assert.Equal(["dead-hub-batch-1"], ids.Distinct()));
        // Claimed in the same rounds as the dead hub's rows, yet still the live hub's.
        Assert.All(await RowsAsync(live), o =>
        {
            Assert.Equal(DeliveryStatus.Queued, o.Status);
            Assert.Equal("live-hub", o.ClaimedBy);
        });
        await FinishAsync(live);
    }

    [Fact]
    public async Task Should_requeue_its_own_claims_as_soon_as_it_restarts_and_send_them_under_the_saved_request_id()
    {
        var rows = await DeliveredFarmRowsAsync("FR2201221006", 8);
        // Killed a moment ago: its heartbeat still looks fresh, and the lease is far off, so nobody else would touch
        // these rows for a long while; only the restarted instance recognising its own claims delivers them now.
        await BeatAsync("restarting-hub", "now() + interval '1 hour'");
        await ClaimAsync(rows, "restarting-hub", "restarting-hub-batch-1");

        await using var restarted = hub.Factory.WithWebHostBuilder(b => b.UseSetting("Hub:InstanceId", "restarting-hub"));
        _ = restarted.Server; // starts it

        var after = await Eventually.WaitAsync(() => RowsAsync(rows), r => r.All(o => o.Status == DeliveryStatus.Delivered),
            "the restarted hub's earlier claims delivered");
        Assert.All(after, o => Assert.Equal("restarting-hub-batch-1", o.RequestId));
        var attempts = hub.Partners.NationalCloud.Attempts("farms");
        Assert.Equal(rows.Select(o => o.EntityKey).Order(), attempts.Select(a => a.Key).Order());
        Assert.All(attempts, a => Assert.Equal(["restarting-hub-batch-1"], a.RequestIds.Distinct()));
    }

    [Fact]
    public async Task Should_refuse_a_second_request_id_for_an_item_another_hub_saved_one_for_first()
    {
        var row = (await DeliveredFarmRowsAsync("FR2201221007", 1)).Single();
        await using (var reset = await OpenAsync())
        {
            // No request id yet, and parked where no relay looks, so only the two contexts below touch it.
            await using var park = new NpgsqlCommand("UPDATE outbox SET status = 'Failed', request_id = NULL WHERE id = @id", reset);
            park.Parameters.AddWithValue("id", row.Id);
            await park.ExecuteNonQueryAsync();
        }
        // Two hubs read the row before either saved a request id, as after a takeover of a hub that was only slow.
        await using var first = hub.Db();
        await using var second = hub.Db();
        var mine = await first.Outbox.SingleAsync(o => o.Id == row.Id);
        var theirs = await second.Outbox.SingleAsync(o => o.Id == row.Id);
        mine.RequestId = "first-saved";
        theirs.RequestId = "second";
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal("first-saved", (await RowsAsync([row])).Single().RequestId);
    }

    [Fact]
    public async Task Should_keep_a_heartbeat_row_for_the_running_hub()
    {
        await using var conn = await OpenAsync();
        // Waited for rather than read once: another test's second hub shares this id and signs it off when it stops,
        // until the running hub's next beat.
        var fresh = await Eventually.WaitAsync(async () =>
        {
            await using var cmd = new NpgsqlCommand("SELECT heartbeat_at > now() - interval '30 seconds' FROM hub_instance WHERE id = @id", conn);
            cmd.Parameters.AddWithValue("id", hub.Settings["Hub:InstanceId"]!);
            return await cmd.ExecuteScalarAsync() as bool?;
        }, f => f == true, "a fresh heartbeat of the running hub");
        Assert.True(fresh);
    }

    /// <summary>Pushes <paramref name="count"/> farms, waits until every delivery landed, then forgets what the
    /// national platform received: the rows are then ready to be dressed up as another hub's claims.</summary>
    private async Task<List<OutboxMessage>> DeliveredFarmRowsAsync(string prefix, int count)
    {
        var codes = Enumerable.Range(1, count).Select(i => $"{prefix}{i:00}").ToList();
        var (response, _) = await RegistryPush.PushAsync(hub.Client, codes.Select(c => RegistryPush.Farm(c)));
        response.EnsureSuccessStatusCode();
        await Eventually.WaitAsync(async () =>
        {
            await using var db = hub.Db();
            return await db.Outbox.CountAsync(o => o.Status != DeliveryStatus.Delivered);
        }, n => n == 0, "the farms' first deliveries");
        hub.Partners.NationalCloud.Reset();
        await using var db = hub.Db();
        return await db.Outbox.AsNoTracking().Where(o => o.Destination == NationalFarms && codes.Contains(o.EntityKey))
            .OrderBy(o => o.Id).ToListAsync();
    }

    private async Task BeatAsync(string instance, string heartbeat)
    {
        await using var conn = await OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            INSERT INTO hub_instance (id, started_at, heartbeat_at) VALUES (@id, now() - interval '1 hour', {heartbeat})
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
            """, conn);
        cmd.Parameters.AddWithValue("id", instance);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>What an instance leaves behind when it dies after saving the batch's request id, before or after sending.</summary>
    private async Task ClaimAsync(IEnumerable<OutboxMessage> rows, string instance, string requestId)
    {
        await using var conn = await OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            UPDATE outbox SET status = 'Queued', claimed_by = @instance, queued_at = now(), request_id = @requestId,
                completed_at = NULL, attempts = 0
            WHERE id = ANY(@ids)
            """, conn);
        cmd.Parameters.AddWithValue("instance", instance);
        cmd.Parameters.AddWithValue("requestId", requestId);
        cmd.Parameters.AddWithValue("ids", rows.Select(o => o.Id).ToArray());
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task FinishAsync(IEnumerable<OutboxMessage> rows)
    {
        await using var conn = await OpenAsync();
        await using var cmd = new NpgsqlCommand("UPDATE outbox SET status = 'Delivered', claimed_by = NULL WHERE id = ANY(@ids)", conn);
        cmd.Parameters.AddWithValue("ids", rows.Select(o => o.Id).ToArray());
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<List<OutboxMessage>> RowsAsync(IEnumerable<OutboxMessage> rows)
    {
        var ids = rows.Select(o => o.Id).ToList();
        await using var db = hub.Db();
        return await db.Outbox.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).ToListAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }
}
