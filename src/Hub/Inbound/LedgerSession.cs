using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using Npgsql;

namespace EarTagTrace.Hub.Inbound;

/// <summary>
/// The two round trips of a three-step message (<see cref="IDecidingHandler"/>), on one connection with the transaction
/// in the statements themselves: the load opens it (BEGIN, generic plans, the journal id reserved, the handler's reads)
/// and the store closes it (the writes, the journal row, COMMIT). A refusal rolls back and journals in one trip.
/// </summary>
public sealed class LedgerSession(NpgsqlConnection connection) : IAsyncDisposable
{
    /// <summary>
    /// The ledger's statements look tags up by range, and PostgreSQL re-planned them on every call: it trusts a custom
    /// plan for the given ranges more than the generic one, whose estimates for range overlap are poor. Planning the
    /// declaration check took 0.54 ms a call, longer than running it (0.46 ms); the generic plan uses the same indexes.
    /// </summary>
    private const string GenericPlans = "set local plan_cache_mode = force_generic_plan";

    private bool _open;

    /// <summary>The journal entry's id, reserved by the load: the rows the message writes carry it.</summary>
    public long JournalId { get; private set; }

    /// <summary>Whether the load ran (a message refused by its mapping never reaches the database).</summary>
    public bool Loaded => JournalId != 0;

    /// <summary>
    /// Round trip one: opens the transaction (repeatable read when the handler locks rows it will rewrite, so a row
    /// changed since its snapshot is a serialization conflict the pipeline retries, not a silent overwrite), reserves the
    /// journal id and runs <paramref name="statements"/>; <paramref name="read"/> gets the reader on their first result.
    /// </summary>
    public async Task<T> LoadAsync<T>(bool repeatableRead, IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> statements,
        Func<NpgsqlDataReader, Task<T>> read, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.Add(repeatableRead ? "begin isolation level repeatable read" : "begin");
        batch.Add(GenericPlans);
        batch.Add(JournalTable.NextIdSql);
        foreach (var (sql, parameters) in statements) batch.Add(sql, parameters);
        _open = true;
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        JournalId = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        return await read(reader);
    }

    /// <summary>Round trip two: the writes, the journal entry under the reserved id, and COMMIT.</summary>
    public async Task CommitAsync(IReadOnlyList<(string Sql, NpgsqlParameter[] Parameters)> writes, JournalEntry journal, CancellationToken ct)
    {
        journal.Id = JournalId;
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (sql, parameters) in writes) batch.Add(sql, parameters);
        var (insert, values) = JournalTable.Insert(journal);
        batch.Add(insert, values);
        batch.Add("commit");
        await batch.ExecuteNonQueryAsync(ct);
        _open = false;
        JournalTable.Identify(journal, JournalId);
    }

    /// <summary>Rolls back what the load opened and, unless <paramref name="journal"/> is null (a dry run), journals the outcome.</summary>
    public async Task RollbackAsync(JournalEntry? journal, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.Add("rollback");
        if (journal is not null)
        {
            journal.Id = JournalId;
            var (insert, values) = JournalTable.Insert(journal);
            batch.Add(insert, values);
        }
        _open = false;
        await batch.ExecuteNonQueryAsync(ct);
        if (journal is not null) JournalTable.Identify(journal, JournalId);
    }

    /// <summary>A transaction left open by a failure is rolled back before the connection goes back to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_open || connection.State != System.Data.ConnectionState.Open) return;
        _open = false;
        await using var rollback = new NpgsqlCommand("rollback", connection);
        await rollback.ExecuteNonQueryAsync();
    }
}
