using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Quartz;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>Journal upkeep 报文日志维护: how far ahead monthly partitions are made, and the key backfill's batch.</summary>
public sealed class JournalMaintenanceOptions
{
    public const string Section = "Journal";

    /// <summary>Monthly partitions are kept this many months ahead of now (the migration made 3).</summary>
    public int PartitionMonthsAhead { get; set; } = 3;
    public double PartitionIntervalHours { get; set; } = 24;
    /// <summary>Entries read per batch by the key backfill.</summary>
    public int BackfillBatchSize { get; set; } = 500;
    public bool BackfillEnabled { get; set; } = true;
}

/// <summary>
/// Creates the journal's monthly partitions ahead of time (journal_ensure_partitions, from the migration), so an insert
/// never falls into the default partition in normal running; rows that did (a clock far off) move into their month
/// when it is created. Run at start and daily; several hubs may run it at once (the function takes an advisory lock).
/// </summary>
public sealed class JournalPartitionMaintainer(NpgsqlDataSource dataSource, IOptionsMonitor<JournalMaintenanceOptions> options,
    TimeProvider time, ILogger<JournalPartitionMaintainer> log)
{
    public async Task<int> EnsureAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("select journal_ensure_partitions(@from, @to)");
        // From last month: an entry received just before midnight UTC on the 1st is still written after it.
        command.Parameters.AddWithValue("from", now.AddMonths(-1));
        command.Parameters.AddWithValue("to", now.AddMonths(Math.Max(1, options.CurrentValue.PartitionMonthsAhead)));
        var created = (int)(await command.ExecuteScalarAsync(ct))!;
        if (created > 0) log.LogInformation("Journal partitions: {Created} monthly partition(s) created", created);
        return created;
    }

    /// <summary>The monthly partitions and the default one, with their row estimates (for tests and psql users).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'journal'::regclass order by c.relname
            """);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }
}

/// <summary>
/// Gives the entries journaled before business keys existed their keys and tag ranges (<see cref="JournalKeyExtractor"/>),
/// in batches in id order, logging progress. Idempotent and resumable: it works up to the newest id it saw on its first
/// run (later entries got their keys from the pipeline) and keeps its place in hub_setting, so a restart goes on where
/// it stopped and a finished backfill does nothing. An entry whose raw body was pruned has nothing left to read.
/// </summary>
public sealed class JournalKeyBackfill(NpgsqlDataSource dataSource, IOptionsMonitor<JournalMaintenanceOptions> options,
    ILogger<JournalKeyBackfill> log)
{
    public const string Setting = "journal-key-backfill";

    public sealed record Progress(long UpTo, long After, long Keyed, long Read);

    public async Task<Progress> RunAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (upTo, after) = await StateAsync(conn, ct);
        long keyed = 0, read = 0;
        var batchSize = Math.Max(1, options.CurrentValue.BackfillBatchSize);
        for (var batch = 1; after < upTo; batch++)
        {
            var rows = new List<(long Id, DateTimeOffset At, string Source, string Type, string Body)>();
            await using (var select = new NpgsqlCommand(Persistence.Tables.JournalTable.UnkeyedSql, conn))
            {
                select.Parameters.AddWithValue("after", after);
                select.Parameters.AddWithValue("upTo", upTo);
                select.Parameters.AddWithValue("batch", batchSize);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    rows.Add((reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
            var next = rows.Count < batchSize ? upTo : rows[^1].Id;
            await using var tx = await conn.BeginTransactionAsync(ct);
            var updates = new NpgsqlBatch(conn, tx);
            foreach (var row in rows)
            {
                var keys = JournalKeyExtractor.Extract(row.Source, row.Type, row.Body);
                if (keys.Keys.Length == 0 && keys.TagRanges.Length == 0) continue;
                var update = new NpgsqlBatchCommand(Persistence.Tables.JournalTable.SetKeysSql);
                update.Parameters.Add(new NpgsqlParameter { Value = keys.Keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                update.Parameters.Add(new NpgsqlParameter
                {
                    Value = keys.TagRanges.Select(r => new NpgsqlRange<long>(r.First, true, r.Last, true)).ToArray(),
                    NpgsqlDbType = NpgsqlDbType.BigIntMultirange,
                });
                update.Parameters.Add(new NpgsqlParameter { Value = row.Id });
                update.Parameters.Add(new NpgsqlParameter { Value = row.At });
                updates.BatchCommands.Add(update);
            }
            if (updates.BatchCommands.Count > 0) await updates.ExecuteNonQueryAsync(ct);
            await SaveAsync(conn, tx, upTo, next, ct);
            await tx.CommitAsync(ct);
            keyed += updates.BatchCommands.Count;
            read += rows.Count;
            after = next;
            if (rows.Count > 0)
                log.LogInformation("Journal key backfill: batch {Batch} read {Read} entries and keyed {Keyed} ({KeyedTotal} so far), at id {After} of {UpTo}",
                    batch, rows.Count, updates.BatchCommands.Count, keyed, after, upTo);
        }
        if (read > 0) log.LogInformation("Journal key backfill done: {Keyed} of {Read} entries up to id {UpTo} keyed", keyed, read, upTo);
        return new Progress(upTo, after, keyed, read);
    }

    private static async Task<(long UpTo, long After)> StateAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        if (await Persistence.Tables.HubSettingTable.ReadAsync(conn, null, Setting, ct) is { } value && value.Split(' ') is [var u, var a]
            && long.TryParse(u, CultureInfo.InvariantCulture, out var upTo) && long.TryParse(a, CultureInfo.InvariantCulture, out var after))
            return (upTo, after);
        // First run: everything journaled so far may predate the keys.
        await using var max = new NpgsqlCommand(Persistence.Tables.JournalTable.MaxIdSql, conn);
        return ((long)(await max.ExecuteScalarAsync(ct))!, 0);
    }

    private static Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long upTo, long after, CancellationToken ct) =>
        Persistence.Tables.HubSettingTable.SaveAsync(conn, tx, Setting, string.Create(CultureInfo.InvariantCulture, $"{upTo} {after}"), ct);
}

[DisallowConcurrentExecution]
public sealed class EnsureJournalPartitionsJob(JournalPartitionMaintainer maintainer) : IJob
{
    public static readonly JobKey Key = new("ensure-journal-partitions", "journal");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await maintainer.EnsureAsync(cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class BackfillJournalKeysJob(JournalKeyBackfill backfill) : IJob
{
    public static readonly JobKey Key = new("backfill-journal-keys", "journal");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await backfill.RunAsync(cancellationToken);
}

public static class JournalMaintenanceExtensions
{
    public static IServiceCollection AddJournalMaintenance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JournalMaintenanceOptions>().BindConfiguration(JournalMaintenanceOptions.Section);
        services.AddSingleton<JournalPartitionMaintainer>();
        services.AddSingleton<JournalKeyBackfill>();
        services.AddJournalSearchIndexer(configuration);
        var options = configuration.GetSection(JournalMaintenanceOptions.Section).Get<JournalMaintenanceOptions>() ?? new JournalMaintenanceOptions();
        services.AddQuartz(q =>
        {
            q.AddJob<EnsureJournalPartitionsJob>(j => j.WithIdentity(EnsureJournalPartitionsJob.Key).StoreDurably());
            // At start, then daily: the migration made three months ahead, so a hub that stays down a while is covered too.
            q.AddTrigger(t => t.ForJob(EnsureJournalPartitionsJob.Key).WithIdentity("ensure-journal-partitions-interval")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(Math.Max(0.01, options.PartitionIntervalHours))).RepeatForever()));
            q.AddJob<BackfillJournalKeysJob>(j => j.WithIdentity(BackfillJournalKeysJob.Key).StoreDurably());
            // Once, shortly after start: a finished backfill reads its state and stops.
            if (options.BackfillEnabled)
                q.AddTrigger(t => t.ForJob(BackfillJournalKeysJob.Key).WithIdentity("backfill-journal-keys-once")
                    .StartAt(DateTimeOffset.UtcNow.AddSeconds(30)));
        });
        return services;
    }
}
