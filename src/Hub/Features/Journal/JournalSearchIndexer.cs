using System.Globalization;
using EarTagTrace.Hub.Persistence.Tables;
using Npgsql;
using Quartz;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>The search indexer's pace 报文检索索引: how often it runs, its batch, and how long an id may wait to commit.</summary>
public sealed class JournalSearchOptions
{
    public const string Section = "Journal:Search";

    /// <summary>Seconds between passes; an accepted body is searchable within about this long (the target is 60 s).</summary>
    public double IntervalSeconds { get; set; } = 5;
    /// <summary>Bodies copied per transaction.</summary>
    public int BatchSize { get; set; } = 2000;
    /// <summary>
    /// Seconds after which an entry's transaction is taken as finished: the cursor passes only entries received that
    /// long ago, since an id reserved early may commit after later ones.
    /// </summary>
    public double SettleSeconds { get; set; } = 30;
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Copies accepted journal bodies into journal_search (<see cref="JournalTable.CopyAcceptedBodiesSql"/>), off the
/// message's transaction, so q= finds them within seconds while the declaration path writes no trigram index. Keeps
/// its cursor in hub_setting; several hubs may run it (an advisory lock lets one copy, the others skip the pass).
/// The first pass after the migration copies the accepted history in batches.
/// </summary>
public sealed class JournalSearchIndexer(NpgsqlDataSource dataSource, IOptionsMonitor<JournalSearchOptions> options,
    TimeProvider time, ILogger<JournalSearchIndexer> log)
{
    public sealed record Pass(bool Ran, long Copied, long Cursor);

    /// <summary>Copies batches until one comes back short; answers whether this hub held the lock, and what it did.</summary>
    public async Task<Pass> RunAsync(CancellationToken ct = default)
    {
        var o = options.CurrentValue;
        var batch = Math.Max(1, o.BatchSize);
        long copied = 0, cursor = 0;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using (var take = new NpgsqlCommand(JournalTable.SearchLockSql, conn, tx))
                if (!(bool)(await take.ExecuteScalarAsync(ct))!) return new Pass(false, copied, cursor);
            cursor = await CursorAsync(conn, tx, ct);
            var settled = time.GetUtcNow().AddSeconds(-Math.Max(0, o.SettleSeconds));
            long count;
            long? settledMax;
            await using (var copy = new NpgsqlCommand(JournalTable.CopyAcceptedBodiesSql, conn, tx))
            {
                copy.Parameters.AddWithValue("after", cursor);
                copy.Parameters.AddWithValue("batch", batch);
                copy.Parameters.AddWithValue("settled", settled);
                await using var reader = await copy.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                count = reader.GetInt64(0);
                settledMax = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            }
            long next;
            if (count < batch)
            {
                // Ran dry: everything received before the settle time is copied or was never accepted.
                await using var max = new NpgsqlCommand(JournalTable.SettledMaxIdSql, conn, tx);
                max.Parameters.AddWithValue("after", cursor);
                max.Parameters.AddWithValue("settled", settled);
                next = (long)(await max.ExecuteScalarAsync(ct))!;
            }
            else next = settledMax ?? cursor;
            if (next != cursor) await SaveAsync(conn, tx, next, ct);
            await tx.CommitAsync(ct);
            copied += count;
            cursor = next;
            if (count > 0) log.LogDebug("Journal search: copied {Count} accepted bodies, cursor at id {Cursor}", count, cursor);
            if (count < batch) break;
            if (copied % (batch * 50L) == 0) log.LogInformation("Journal search: {Copied} accepted bodies copied so far, at id {Cursor}", copied, cursor);
        }
        return new Pass(true, copied, cursor);
    }

    /// <summary>Accepted entries not yet searchable (none once the indexer has caught up).</summary>
    public async Task<long> BacklogAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var cursor = await CursorAsync(conn, null, ct);
        await using var count = new NpgsqlCommand(JournalTable.SearchBacklogSql, conn);
        count.Parameters.AddWithValue("after", cursor);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private static async Task<long> CursorAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct) =>
        await HubSettingTable.ReadAsync(conn, tx, JournalTable.SearchCursorSetting, ct) is { } value
            && long.TryParse(value, CultureInfo.InvariantCulture, out var after) ? after : 0;

    private static Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long cursor, CancellationToken ct) =>
        HubSettingTable.SaveAsync(conn, tx, JournalTable.SearchCursorSetting, cursor.ToString(CultureInfo.InvariantCulture), ct);
}

[DisallowConcurrentExecution]
public sealed class IndexJournalSearchJob(JournalSearchIndexer indexer) : IJob
{
    public static readonly JobKey Key = new("index-journal-search", "journal");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await indexer.RunAsync(cancellationToken);
}

public static class JournalSearchExtensions
{
    public static IServiceCollection AddJournalSearchIndexer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JournalSearchOptions>().BindConfiguration(JournalSearchOptions.Section);
        services.AddSingleton<JournalSearchIndexer>();
        var options = configuration.GetSection(JournalSearchOptions.Section).Get<JournalSearchOptions>() ?? new JournalSearchOptions();
        services.AddQuartz(q =>
        {
            q.AddJob<IndexJournalSearchJob>(j => j.WithIdentity(IndexJournalSearchJob.Key).StoreDurably());
            if (options.Enabled)
                q.AddTrigger(t => t.ForJob(IndexJournalSearchJob.Key).WithIdentity("index-journal-search-interval")
                    .StartAt(DateTimeOffset.UtcNow.AddSeconds(10))
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, options.IntervalSeconds))).RepeatForever()));
        });
        return services;
    }
}
