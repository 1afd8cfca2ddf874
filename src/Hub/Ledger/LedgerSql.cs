using System.Data.Common;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EarTagTrace.Hub.Ledger;

/// <summary>
/// Plain Npgsql commands on the message's own connection and transaction: the ledger moves ranges with set-based SQL
/// (unnest arrays), which EF cannot express, and it must commit or roll back with everything else of the message.
/// </summary>
public static class LedgerSql
{
    public static NpgsqlCommand Command(HubDbContext db, string sql)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("Ledger SQL runs inside the message's transaction.");
        return new NpgsqlCommand(sql, connection, tx);
    }

    public static async Task<int> ExecuteAsync(HubDbContext db, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var cmd = Command(db, sql);
        cmd.Parameters.AddRange(parameters);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<List<T>> QueryAsync<T>(HubDbContext db, string sql, Func<DbDataReader, T> read, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var cmd = Command(db, sql);
        cmd.Parameters.AddRange(parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }

    /// <summary>Reserves identity values ahead, so rows inserted by unnest can be referenced before they exist.</summary>
    public static async Task<long[]> NextIdsAsync(HubDbContext db, string table, int count, CancellationToken ct)
    {
        var ids = await QueryAsync(db, $"select nextval(pg_get_serial_sequence('{table}', 'id')) from generate_series(1, @n)",
            r => r.GetInt64(0), ct, new NpgsqlParameter("n", count));
        return [.. ids];
    }

    /// <summary>Several statements in one round trip, on the message's connection and transaction.</summary>
    public static NpgsqlBatch Batch(HubDbContext db, params (string Sql, NpgsqlParameter[] Parameters)[] statements)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("Ledger SQL runs inside the message's transaction.");
        var batch = new NpgsqlBatch(connection, tx);
        foreach (var (sql, parameters) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddRange(parameters);
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    public static NpgsqlParameter P<T>(string name, T value) => new NpgsqlParameter<T>(name, value);

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
