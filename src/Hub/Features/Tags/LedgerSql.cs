using System.Data.Common;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

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

    /// <summary>
    /// Serializes every change of the ledger for the tags of these counties (a county's tag numbers carry its code),
    /// taken in code order so that two messages never wait on each other crosswise. Reads after the lock see the
    /// committed state of whoever held it before.
    /// </summary>
    public static async Task LockCountiesAsync(HubDbContext db, IEnumerable<string> countyCodes, CancellationToken ct)
    {
        foreach (var county in countyCodes.Distinct().Order(StringComparer.Ordinal))
            await ExecuteAsync(db, "select pg_advisory_xact_lock(7301, @k)", ct, new NpgsqlParameter("k", int.Parse(county, System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Reserves identity values ahead, so rows inserted by unnest can be referenced before they exist.</summary>
    public static async Task<long[]> NextIdsAsync(HubDbContext db, string table, int count, CancellationToken ct)
    {
        var ids = await QueryAsync(db, $"select nextval(pg_get_serial_sequence('{table}', 'id')) from generate_series(1, @n)",
            r => r.GetInt64(0), ct, new NpgsqlParameter("n", count));
        return [.. ids];
    }

    public static NpgsqlParameter P<T>(string name, T value) => new NpgsqlParameter<T>(name, value);

    /// <summary>An int8range[] parameter (Npgsql would send an array of ranges as a multirange).</summary>
    public static NpgsqlParameter Ranges(string name, IEnumerable<Mappings.Canonical.TagRange> ranges) =>
        new(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Range | NpgsqlTypes.NpgsqlDbType.Bigint)
        {
            Value = ranges.Select(HoldingRow.ToPg).ToArray(),
        };
}
