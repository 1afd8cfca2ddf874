using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Journal;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Features.Journal;

/// <summary>
/// The journal in monthly partitions 按月分区: made ahead by the hub, a default partition as the safety net, entries that
/// fell into it moved into their month when it is made. Also the key backfill of entries journaled before keys existed.
/// (The conversion of an unpartitioned journal went with its migration into the baseline: no such journal is left.)
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Partitioning_the_journal(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<T> ScalarAsync<T>(string sql, params (string, object)[] parameters)
    {
        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Should_keep_monthly_partitions_ahead_with_a_default_one_as_safety_net()
    {
        var maintainer = hub.Factory.Services.GetRequiredService<JournalPartitionMaintainer>();
        await maintainer.EnsureAsync();
        var partitions = await maintainer.ListAsync();
        var now = DateTimeOffset.UtcNow;
        Assert.Contains("journal_default", partitions);
        foreach (var month in Enumerable.Range(0, 4).Select(m => now.AddMonths(m)))
            Assert.Contains($"journal_p{month:yyyy_MM}", partitions);
        Assert.Equal("p", await ScalarAsync<string>("select relkind::text from pg_class where oid = 'journal'::regclass"));
        // Made already: a second run creates nothing.
        Assert.Equal(0, await maintainer.EnsureAsync());

        // A message received now lands in this month's partition.
        var pushed = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122100901")]);
        var id = long.Parse((string)pushed.Body["hubId"]!);
        Assert.Equal($"journal_p{now:yyyy_MM}", await ScalarAsync<string>("select tableoid::regclass::text from journal where id = @id", ("id", id)));
    }

    [Fact]
    public async Task Should_catch_an_entry_without_its_month_in_the_default_partition_and_move_it_when_the_month_is_made()
    {
        var id = await ScalarAsync<long>("""
            insert into journal (received_at, source, type, status, raw_body, processing_ms, unauthenticated, body_truncated)
            values ('2019-03-05T08:00:00Z', 'farm-registry', 'farm-push', 'Refused', '{"yzcbm":"FR2019"}', 1, false, false) returning id
            """);
        Assert.Equal("journal_default", await ScalarAsync<string>("select tableoid::regclass::text from journal where id = @id", ("id", id)));

        Assert.Equal(1, await ScalarAsync<int>("select journal_ensure_partitions('2019-03-01T00:00:00Z', '2019-03-31T00:00:00Z')"));
        Assert.Equal("journal_p2019_03", await ScalarAsync<string>("select tableoid::regclass::text from journal where id = @id", ("id", id)));
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from journal_default"));
        var entry = (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/journal/{id}"))!;
        Assert.Equal("Refused", (string?)entry["status"]);
        // The moved partition got the journal's indexes: the primary key answers the id.
        Assert.True(await ScalarAsync<bool>("""
            select exists (select 1 from pg_indexes where tablename = 'journal_p2019_03' and indexdef like '%(id, received_at)%')
            """));
    }

    [Fact]
    public async Task Should_backfill_the_keys_of_entries_journaled_before_keys_existed_once()
    {
        // As the journal held them before the keys migration: the body names a farm, the row has no keys.
        var legacy = await ScalarAsync<long>("""
            insert into journal (received_at, source, type, status, raw_body, processing_ms, unauthenticated, body_truncated)
            values (now() - interval '2 days', 'djet', 'issuance', 'Refused',
                    '{"ffid":"FF-LEGACY-1","jsdw":"220122100","bfList":[{"qshm":"122010000000100","zzhm":"122010000000199"}]}', 1, false, false)
            returning id
            """);
        // The backfill keeps its place in hub_setting, which outlives a test's reset: start it afresh.
        await using (var conn = new NpgsqlConnection(hub.ConnectionString))
        {
            await conn.OpenAsync();
            await using var forget = new NpgsqlCommand("delete from hub_setting where name = @n", conn);
            forget.Parameters.AddWithValue("n", JournalKeyBackfill.Setting);
            await forget.ExecuteNonQueryAsync();
        }
        Assert.Empty((await hub.Client.GetFromJsonAsync<JsonObject>("/api/journal?key=122010000000150"))!["items"]!.AsArray());

        var backfill = hub.Factory.Services.GetRequiredService<JournalKeyBackfill>();
        var first = await backfill.RunAsync();
        Assert.True(first.Keyed >= 1, $"keyed {first.Keyed}");
        Assert.Equal(first.UpTo, first.After);

        var byTag = (await hub.Client.GetFromJsonAsync<JsonObject>("/api/journal?key=122010000000150"))!["items"]!.AsArray();
        Assert.Equal(legacy, (long)byTag.Single()!["id"]!);
        var byIssuance = (await hub.Client.GetFromJsonAsync<JsonObject>("/api/journal?key=FF-LEGACY-1"))!["items"]!.AsArray();
        Assert.Equal(legacy, (long)byIssuance.Single()!["id"]!);

        // Finished: a second run reads nothing.
        var second = await backfill.RunAsync();
        Assert.Equal((0L, 0L), (second.Read, second.Keyed));
    }
}
