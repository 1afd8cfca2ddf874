using Npgsql;

namespace EarTagTrace.Hub.Tests.Support;

/// <summary>
/// A test's own database on the private cluster: made and dropped the same way by every fixture. DROP DATABASE asks for
/// a checkpoint, which on two busy cores took longer than Npgsql's default 30 s command timeout and failed a test whose
/// assertions had all passed; so both statements get generous timeouts, and a drop that still fails is reported and
/// left behind (the database goes with the private cluster).
/// </summary>
public static class ScratchDatabase
{
    private static string Patient(string admin) => new NpgsqlConnectionStringBuilder(admin) { Timeout = 60, CommandTimeout = 300 }.ConnectionString;

    public static async Task CreateAsync(string admin, string database)
    {
        await using var conn = new NpgsqlConnection(Patient(admin));
        await conn.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", conn);
        await create.ExecuteNonQueryAsync();
    }

    public static async Task DropAsync(string admin, string database)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = new NpgsqlConnection(Patient(admin));
                await conn.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", conn);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (NpgsqlException e) when (attempt < 3)
            {
                Console.Error.WriteLine($"Dropping test database {database}, attempt {attempt}: {e.Message}");
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt));
            }
            catch (NpgsqlException e)
            {
                Console.Error.WriteLine($"Test database {database} left behind (it goes with the private cluster): {e.Message}");
                return;
            }
        }
    }
}
