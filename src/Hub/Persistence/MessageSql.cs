using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// Plain Npgsql statements on a message's own connection and transaction, for set-based writes (unnest arrays) and
/// checks that EF cannot express or would turn into one statement per row. They commit or roll back with the rest of
/// the message. The ledger's range parameters are in Ledger/LedgerSql.
/// </summary>
public static class MessageSql
{
    public static NpgsqlCommand Command(HubDbContext db, string sql)
    {
        var (connection, tx) = Transaction(db);
        return new NpgsqlCommand(sql, connection, tx);
    }

    public static NpgsqlBatch Batch(HubDbContext db)
    {
        var (connection, tx) = Transaction(db);
        return new NpgsqlBatch(connection, tx);
    }

    /// <summary>Adds a statement to <paramref name="batch"/>.</summary>
    public static void Add(this NpgsqlBatch batch, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
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

    public static NpgsqlParameter P<T>(string name, T value) => new NpgsqlParameter<T>(name, value);

    private static (NpgsqlConnection Connection, NpgsqlTransaction Transaction) Transaction(HubDbContext db) =>
        ((NpgsqlConnection)db.Database.GetDbConnection(),
         db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("Message SQL runs inside the message's transaction."));
}
