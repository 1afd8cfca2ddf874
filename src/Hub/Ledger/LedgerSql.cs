using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EarTagTrace.Hub.Ledger;

/// <summary>
/// What the ledger's SQL needs beyond <see cref="MessageSql"/> (commands on the message's own transaction): tag
/// ranges as int8range[] and int8multirange parameters, identity values reserved ahead, and the conflict that makes
/// the pipeline apply a message again.
/// </summary>
public static class LedgerSql
{
    /// <summary>Reserves identity values ahead, so rows inserted by unnest can be referenced before they exist.</summary>
    public static async Task<long[]> NextIdsAsync(HubDbContext db, string table, int count, CancellationToken ct)
    {
        var ids = await MessageSql.QueryAsync(db, $"select nextval(pg_get_serial_sequence('{table}', 'id')) from generate_series(1, @n)",
            r => r.GetInt64(0), ct, new NpgsqlParameter("n", count));
        return [.. ids];
    }

    /// <summary>Several statements in one round trip, on the message's connection and transaction.</summary>
    public static NpgsqlBatch Batch(HubDbContext db, params (string Sql, NpgsqlParameter[] Parameters)[] statements)
    {
        var batch = MessageSql.Batch(db);
        foreach (var (sql, parameters) in statements) batch.Add(sql, parameters);
        return batch;
    }

    /// <summary>An int8multirange parameter: a message's tags as one value, for range operators that use the GiST indexes.</summary>
    public static NpgsqlParameter Multirange(string name, IEnumerable<Mappings.Canonical.TagRange> ranges) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Multirange | NpgsqlTypes.NpgsqlDbType.Bigint)
        {
            Value = Mappings.Canonical.TagRange.Merge(ranges).Select(HoldingRow.ToPg).ToArray(),
        };

    /// <summary>
    /// A change that lost a race with another message on the same rows (a holding it read was split or cancelled
    /// meanwhile): the pipeline applies the message again on the new state, as after any concurrency conflict.
    /// </summary>
    public static Exception Conflict(string what) => new DbUpdateConcurrencyException(what);

    /// <summary>An int8range[] parameter (Npgsql would send an array of ranges as a multirange).</summary>
    public static NpgsqlParameter Ranges(string name, IEnumerable<Mappings.Canonical.TagRange> ranges) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Range | NpgsqlTypes.NpgsqlDbType.Bigint)
        {
            Value = ranges.Select(HoldingRow.ToPg).ToArray(),
        };
}
