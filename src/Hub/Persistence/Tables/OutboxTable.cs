using EarTagTrace.Hub.Observability;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// The owner of the outbox table (as Wolverine's OutgoingEnvelopeTable owns its envelopes): every statement that names
/// it is here, and this class is the only writer of its rows. Every row it writes carries the journal entry that caused
/// it, the traceparent of the activity that wrote it and the region it is about, so a delivery is traced and scoped
/// whichever way it was announced (an inbound message, a staff action, a sheet import).
/// The relay and the delivery processor move rows through EF (claims, results); they never insert one.
/// </summary>
public static partial class OutboxTable
{
    /// <summary>One change one partner must learn about: its destination, key, canonical JSON payload and region.</summary>
    public sealed record Item(string Destination, string EntityKey, string Payload, string? RegionCode);

    private const string Columns = "created_at, destination, entity_key, payload, journal_id, status, attempts, trace_parent, region_code";

    private const string InsertSql = $"""
        insert into outbox ({Columns})
        select @now, d, k, p::jsonb, @journal, 'Pending', 0, @trace, r
        from unnest(@d, @k, @p, @r) as u(d, k, p, r)
        """;

    /// <summary>
    /// The insert of <paramref name="items"/> as one statement, for the batch that carries the rest of the change.
    /// <paramref name="journalId"/> is null only for a staff action, which has no journal entry (its audit row says who).
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) Insert(IReadOnlyCollection<Item> items, long? journalId, DateTimeOffset now) =>
        (InsertSql,
        [
            new NpgsqlParameter<DateTimeOffset>("now", now.ToUniversalTime()),
            new NpgsqlParameter<string[]>("d", [.. items.Select(i => i.Destination)]),
            new NpgsqlParameter<string[]>("k", [.. items.Select(i => i.EntityKey)]),
            new NpgsqlParameter<string[]>("p", [.. items.Select(i => i.Payload)]),
            new NpgsqlParameter("r", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = items.Select(i => i.RegionCode).ToArray() },
            new NpgsqlParameter("journal", NpgsqlDbType.Bigint) { Value = (object?)journalId ?? DBNull.Value },
            Trace("trace"),
        ]);

    /// <summary>Adds the insert to <paramref name="batch"/> (nothing when there is nothing to announce).</summary>
    public static void Add(NpgsqlBatch batch, IReadOnlyCollection<Item> items, long? journalId, DateTimeOffset now)
    {
        if (items.Count == 0) return;
        var (sql, parameters) = Insert(items, journalId, now);
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
    }

    /// <summary>The insert on the unit of work's open transaction (staff actions that write with EF).</summary>
    public static async Task InsertAsync(HubDbContext db, IReadOnlyCollection<Item> items, long? journalId, DateTimeOffset now, CancellationToken ct)
    {
        if (items.Count == 0) return;
        var (sql, parameters) = Insert(items, journalId, now);
        await MessageSql.ExecuteAsync(db, sql, ct, parameters);
    }

    /// <summary>The insert on a connection and transaction of the caller's own (writers that do not use EF).</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<Item> items, long? journalId,
        DateTimeOffset now, CancellationToken ct)
    {
        if (items.Count == 0) return;
        var (sql, parameters) = Insert(items, journalId, now);
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The same rows by binary COPY, for imports that announce thousands of items at once (a stock sheet), in the order
    /// given. Each payload is made as it is written, so the items never sit in memory as JSON all together.
    /// </summary>
    public static async Task CopyAsync<T>(NpgsqlConnection connection, IEnumerable<T> rows, Func<T, Item> item, long journalId,
        DateTimeOffset now, CancellationToken ct)
    {
        var trace = HubTracing.CurrentTraceParent();
        await using var copy = await connection.BeginBinaryImportAsync($"copy outbox ({Columns}) from stdin (format binary)", ct);
        foreach (var row in rows)
        {
            var i = item(row);
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(now.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(i.Destination, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(i.EntityKey, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(i.Payload, NpgsqlDbType.Jsonb, ct);
            await copy.WriteAsync(journalId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync("Pending", NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
            await WriteTextAsync(copy, trace, NpgsqlDbType.Varchar, ct);
            await WriteTextAsync(copy, i.RegionCode, NpgsqlDbType.Varchar, ct);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>The current activity's traceparent (or null), which the delivery's activity continues.</summary>
    private static NpgsqlParameter Trace(string name) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)HubTracing.CurrentTraceParent() ?? DBNull.Value };

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? text, NpgsqlDbType type, CancellationToken ct) =>
        text is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(text, type, ct);

    // ---- reads that name the table (metrics, alerts, the origin desk) ----

    /// <summary>Items waiting per destination and status, with the age of the oldest (@now): the depth gauges.</summary>
    public const string DepthSql = """
        select destination, status, count(*), extract(epoch from (@now - min(created_at)))::float8
        from outbox where status in ('Pending','Queued','Retrying') group by destination, status
        """;

    /// <summary>Finished items per destination since @since, and how many of them were rejected or failed.</summary>
    public const string FinishedSinceSql = """
        select destination, count(*), count(*) filter (where status in ('Rejected', 'Failed'))
        from outbox where completed_at >= @since and status in ('Delivered', 'Rejected', 'Failed') group by destination
        """;

    /// <summary>The oldest item still to be sent, per destination.</summary>
    public const string OldestWaitingSql = """
        select destination, min(created_at) from outbox where status in ('Pending', 'Retrying') group by destination
        """;

    /// <summary>
    /// An SQL expression: the status of the newest item to <paramref name="destinationParameter"/> whose key is
    /// <paramref name="entityKeyExpression"/> (null when none was written).
    /// </summary>
    public static string LatestStatusSql(string entityKeyExpression, string destinationParameter) =>
        $"(select o.status from outbox o where o.entity_key = {entityKeyExpression} and o.destination = {destinationParameter} order by o.id desc limit 1)";

    // ---- the relay's claims and the delivery processor's results ----

    /// <summary>
    /// Claims due rows for the relay (@now, @orphaned, @instance, @deadAfter, @limit) with FOR UPDATE SKIP LOCKED, in
    /// order of first change per destination (see OutboxRelay); answers id, destination and the instance taken over from.
    /// </summary>
    public const string ClaimSql = """
        WITH oldest_retried AS (
            SELECT DISTINCT ON (destination) destination, id AS first_id, status AS first_status, request_id AS first_request
            FROM outbox
            WHERE status = 'Retrying' OR (status = 'Queued' AND attempts > 0)
            ORDER BY destination, id),
        due AS (
            SELECT o.id, o.status AS previous_status, o.claimed_by AS previous FROM outbox o
            LEFT JOIN oldest_retried w ON w.destination = o.destination
            WHERE (o.status = 'Pending' AND (w.first_id IS NULL OR o.id < w.first_id))
               OR (o.status = 'Retrying' AND o.next_attempt_at <= @now
                   AND w.first_status = 'Retrying' AND o.request_id = w.first_request)
               OR (o.status = 'Queued' AND o.queued_at < @orphaned)
               OR (o.status = 'Queued' AND o.claimed_by IS DISTINCT FROM @instance AND NOT EXISTS (
                    SELECT 1 FROM hub_instance h
                    WHERE h.id = o.claimed_by AND h.heartbeat_at >= now() - make_interval(secs => @deadAfter)))
            ORDER BY o.id
            LIMIT @limit
            FOR UPDATE OF o SKIP LOCKED)
        UPDATE outbox SET status = 'Queued', queued_at = @now, claimed_by = @instance
        FROM due WHERE outbox.id = due.id
        RETURNING outbox.id, outbox.destination,
            CASE WHEN due.previous_status = 'Queued' AND due.previous IS DISTINCT FROM @instance THEN coalesce(due.previous, '(none)') END
        """;

    /// <summary>Rows in flight for @instance (claims of dead instances left out).</summary>
    public const string InFlightSql = """
        SELECT count(*) FROM outbox o
        WHERE o.status = 'Queued' AND o.queued_at >= @orphaned
          AND (o.claimed_by = @instance OR EXISTS (
                SELECT 1 FROM hub_instance h
                WHERE h.id = o.claimed_by AND h.heartbeat_at >= now() - make_interval(secs => @deadAfter)))
        """;

    /// <summary>Fails claimed rows (@ids, @instance, @now) whose destination no sender serves.</summary>
    public const string FailUnknownDestinationSql = """
                UPDATE outbox SET status = 'Failed', attempts = attempts + 1, queued_at = NULL, claimed_by = NULL, completed_at = @now,
                    error_class = 'Transport', last_error = 'no sender for destination ' || destination
                WHERE id = ANY(@ids) AND status = 'Queued' AND claimed_by = @instance
                """;

    /// <summary>Hands claims (@ids of @instance) back as Pending: they never reached the bus.</summary>
    public const string ReleaseClaimsSql = "UPDATE outbox SET status = 'Pending', queued_at = NULL, claimed_by = NULL WHERE id = ANY(@ids) AND status = 'Queued' AND claimed_by = @instance";

    /// <summary>Pending again, request id kept, every claim of instance @id (a stopping hub).</summary>
    public const string ReleaseInstanceClaimsSql = "UPDATE outbox SET status = 'Pending', queued_at = NULL, claimed_by = NULL WHERE status = 'Queued' AND claimed_by = @id";

    /// <summary>Saves new batches' request ids (@ids, @requestIds) where none was saved yet.</summary>
    public const string SaveRequestIdsSql = """
            UPDATE outbox SET request_id = u.request_id FROM unnest(@ids, @requestIds) AS u(id, request_id)
            WHERE outbox.id = u.id AND outbox.request_id IS NULL
            """;

    /// <summary>What became of a batch's items, only while each still travels under its request id.</summary>
    public const string SaveResultsSql = """
            UPDATE outbox SET attempts = u.attempts, last_error = u.last_error, queued_at = NULL, status = u.status,
                error_class = u.error_class, next_attempt_at = coalesce(u.next_attempt_at, outbox.next_attempt_at),
                completed_at = coalesce(u.completed_at, outbox.completed_at)
            FROM unnest(@ids, @requestIds, @attempts, @lastErrors, @statuses, @errorClasses, @nextAttempts, @completed)
                AS u(id, request_id, attempts, last_error, status, error_class, next_attempt_at, completed_at)
            WHERE outbox.id = u.id AND outbox.request_id = u.request_id
            """;
}
