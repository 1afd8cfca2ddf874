using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// Plain Npgsql statements on a message's own connection and transaction, for set-based writes (unnest arrays) that EF
/// change tracking would turn into one statement per row. They commit or roll back with the rest of the message.
/// </summary>
public static class MessageSql
{
    public static NpgsqlBatch Batch(HubDbContext db)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("Message SQL runs inside the message's transaction.");
        return new NpgsqlBatch(connection, tx);
    }

    /// <summary>Adds a statement to <paramref name="batch"/>.</summary>
    public static void Add(this NpgsqlBatch batch, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
    }

    public static NpgsqlParameter P<T>(string name, T value) => new NpgsqlParameter<T>(name, value);
}
