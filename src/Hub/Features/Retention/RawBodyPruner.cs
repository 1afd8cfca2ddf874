using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Features.Retention;

/// <summary>
/// Empties the raw body of journal entries past their retention and marks them body_pruned, in batches, so the journal
/// keeps what happened (status, reasons, summary, keys, links) without keeping every partner's bytes for ever.
/// Idempotent: a pruned entry is never selected again, and a batch that fails leaves the rest for the next run.
/// </summary>
public sealed class RawBodyPruner(NpgsqlDataSource dataSource, IOptionsMonitor<RetentionOptions> options, TimeProvider time, ILogger<RawBodyPruner> log)
{
    public async Task<long> PruneAsync(CancellationToken ct = default)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var sources = o.RawBodyDays.Keys.ToArray();
        var days = sources.Select(s => o.RawBodyDays[s]).ToArray();
        // No entry younger than the shortest retention can qualify: lets the received_at index cut the scan.
        var shortest = days.Append(o.DefaultRawBodyDays).Min();
        long total = 0;
        for (var batch = 1; ; batch++)
        {
            await using var command = dataSource.CreateCommand(Persistence.Tables.JournalTable.PruneBodiesSql);
            command.Parameters.Add(new NpgsqlParameter("sources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = sources });
            command.Parameters.Add(new NpgsqlParameter("days", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = days });
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("shortest", shortest);
            command.Parameters.AddWithValue("default", o.DefaultRawBodyDays);
            command.Parameters.AddWithValue("refused", o.RefusedRawBodyDays);
            command.Parameters.AddWithValue("batch", Math.Max(1, o.BatchSize));
            var pruned = await command.ExecuteNonQueryAsync(ct);
            total += pruned;
            if (pruned == 0) break;
            log.LogInformation("Journal retention: batch {Batch} pruned {Pruned} raw bodies, {Total} so far", batch, pruned, total);
        }
        log.LogInformation("Journal retention done: {Total} raw bodies pruned", total);
        return total;
    }
}
