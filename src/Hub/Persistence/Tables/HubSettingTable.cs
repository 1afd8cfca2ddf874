using Npgsql;

namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// hub_setting's owner 运行参数: a value by name, kept across restarts and shared by every hub. The journal's cursor jobs
/// (key backfill, search indexer) keep their place here, in the transaction that moves them.
/// </summary>
public static class HubSettingTable
{
    private const string ReadSql = "select value from hub_setting where name = @name";

    private const string SaveSql = """
        insert into hub_setting (name, value) values (@name, @value) on conflict (name) do update set value = excluded.value
        """;

    /// <summary>The value named <paramref name="name"/>, or null when none was saved.</summary>
    public static async Task<string?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string name, CancellationToken ct)
    {
        await using var read = new NpgsqlCommand(ReadSql, conn, tx);
        read.Parameters.AddWithValue("name", name);
        return await read.ExecuteScalarAsync(ct) as string;
    }

    public static async Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string name, string value, CancellationToken ct)
    {
        await using var save = new NpgsqlCommand(SaveSql, conn, tx);
        save.Parameters.AddWithValue("name", name);
        save.Parameters.AddWithValue("value", value);
        await save.ExecuteNonQueryAsync(ct);
    }
}
