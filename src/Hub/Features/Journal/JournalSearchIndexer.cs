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
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Copies accepted journal bodies into journal_search (<see cref="JournalTable.CopyAcceptedBodiesSql"/>), off the
/// message's transaction, so q= finds them within seconds while the declaration path writes no trigram index. Keeps
/// its cursor in hub_setting; several hubs may run it (an advisory lock lets one copy, the others skip the pass).
/// The first pass after the migration copies the accepted history in batches. The cursor passes an id only once every
/// transaction that could still commit it has ended (<see cref="JournalTable.SettleMarkSql"/>): each pass takes a mark,
/// and the mark of an earlier pass settles once no transaction open now began before it.
/// </summary>
public sealed class JournalSearchIndexer(NpgsqlDataSource dataSource, IOptionsMonitor<JournalSearchOptions> options,
    ILogger<JournalSearchIndexer> log)
{
    public sealed record Pass(bool Ran, long Copied, long Cursor);

    /// <summary>The cursor (every accepted entry up to it is copied) and the mark waiting to settle.</summary>
    private sealed record State(long Cursor, long? MarkId, DateTimeOffset? MarkAt)
    {
        public static State Parse(string? value)
        {
            var parts = (value ?? "").Split(' ');
            var cursor = long.TryParse(parts[0], CultureInfo.InvariantCulture, out var c) ? c : 0;
            return parts.Length == 3 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var id)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var micros)
                ? new State(cursor, id, DateTimeOffset.UnixEpoch.AddTicks(micros * 10))
                : new State(cursor, null, null);
        }

        public override string ToString() => MarkId is { } id && MarkAt is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"{Cursor} {id} {(at - DateTimeOffset.UnixEpoch).Ticks / 10}")
            : Cursor.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Copies batches until one comes back short; answers whether this hub held the lock, and what it did.</summary>
    public async Task<Pass> RunAsync(CancellationToken ct = default)
    {
        var batch = Math.Max(1, options.CurrentValue.BatchSize);
        long copied = 0, settled = 0;
        State? state = null;
        string? saved = null;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using (var take = new NpgsqlCommand(JournalTable.SearchLockSql, conn, tx))
                if (!(bool)(await take.ExecuteScalarAsync(ct))!) return new Pass(false, copied, state?.Cursor ?? 0);
            if (state is null) (state, settled, saved) = await SettleAsync(conn, tx, ct);
            long count;
            long? settledMax;
            await using (var copy = new NpgsqlCommand(JournalTable.CopyAcceptedBodiesSql, conn, tx))
            {
                copy.Parameters.AddWithValue("after", state.Cursor);
                copy.Parameters.AddWithValue("batch", batch);
                copy.Parameters.AddWithValue("settled", settled);
                await using var reader = await copy.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                count = reader.GetInt64(0);
                settledMax = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            }
            // Ran dry: every visible accepted entry is copied, and every id up to the settled one has ended.
            var next = count < batch ? Math.Max(state.Cursor, settled) : settledMax ?? state.Cursor;
            var moved = state with { Cursor = next };
            if (saved != moved.ToString())
                await HubSettingTable.SaveAsync(conn, tx, JournalTable.SearchCursorSetting, moved.ToString(), ct);
            await tx.CommitAsync(ct);
            saved = moved.ToString();
            copied += count;
            state = moved;
            if (count > 0) log.LogDebug("Journal search: copied {Count} accepted bodies, cursor at id {Cursor}", count, state.Cursor);
            if (count < batch) break;
            if (copied % (batch * 50L) == 0) log.LogInformation("Journal search: {Copied} accepted bodies copied so far, at id {Cursor}", copied, state.Cursor);
        }
        return new Pass(true, copied, state.Cursor);
    }

    /// <summary>
    /// The saved state with a new mark, and the id the cursor may pass: the earlier mark's once it has settled (no other
    /// transaction open now began before it), else the cursor itself. A mark still waiting is kept.
    /// </summary>
    private static async Task<(State State, long Settled, string? Saved)> SettleAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        CancellationToken ct)
    {
        var saved = await HubSettingTable.ReadAsync(conn, tx, JournalTable.SearchCursorSetting, ct);
        var state = State.Parse(saved);
        await using var mark = new NpgsqlCommand(JournalTable.SettleMarkSql, conn, tx);
        await using var reader = await mark.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (reserved, now) = (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
        DateTimeOffset? oldest = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
        if (state.MarkId is { } id && state.MarkAt is { } at)
            return oldest is null || oldest > at
                ? (state with { MarkId = reserved, MarkAt = now }, Math.Max(state.Cursor, id), saved)
                : (state, state.Cursor, saved);
        return (state with { MarkId = reserved, MarkAt = now }, state.Cursor, saved);
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
        State.Parse(await HubSettingTable.ReadAsync(conn, tx, JournalTable.SearchCursorSetting, ct)).Cursor;
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
