using System.Diagnostics;
using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Edge;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Observability;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Inbound;

/// <summary>
/// Every inbound message goes through here: one unit of work holds the journal row, the canonical changes and the
/// outbox rows, so a message is either wholly applied and announced, or refused and journaled with its reasons.
/// </summary>
public sealed class InboundPipeline(
    IServiceScopeFactory scopes,
    InboundDataSource dataSource,
    IEnumerable<IMessageHandler> handlers,
    OutboxSignal outboxSignal,
    IOptionsMonitor<LimitOptions> limits,
    TimeProvider time,
    HubMetrics metrics,
    IJournalKeyReader keyReader,
    ILogger<InboundPipeline> log) : IInboundPipeline
{
    private const int MaxAttempts = 3;
    private readonly Dictionary<(string, string), IMessageHandler> _handlers =
        handlers.ToDictionary(h => (h.Source, h.Type));

    /// <summary>Admission: at most <see cref="LimitOptions.InboundConcurrency"/> messages are applied at once.</summary>
    private readonly SemaphoreSlim _applying = new(LimitOptions.InboundSlots(limits.CurrentValue.InboundConcurrency));

    /// <summary>Applies a message with the handler its route, job or import is bound to (<see cref="BoundRule"/>).</summary>
    public Task<InboundOutcome> HandleAsync(InboundMessage message, IMessageHandler handler, CancellationToken ct) =>
        RunAsync(message, handler, ct);

    public Task<InboundOutcome> ReplayAsync(InboundMessage message, CancellationToken ct) =>
        RunAsync(message, _handlers.GetValueOrDefault((message.Source, message.Type)), ct);

    /// <param name="handler">Null for a journaled source and type no rule is bound to any more (refused TYPE_UNKNOWN).</param>
    private async Task<InboundOutcome> RunAsync(InboundMessage message, IMessageHandler? handler, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        // Current while the handler writes outbox rows, which keep its traceparent for the delivery's activity.
        using var activity = HubTracing.Inbound.StartActivity($"inbound {message.Source}/{message.Type}");
        activity?.SetTag("eartag.source", message.Source);
        activity?.SetTag("eartag.type", message.Type);
        if (message.ReplayOf is { } replayOf) activity?.SetTag("eartag.replay_of", replayOf);
        using var traceScope = log.BeginScope(new Dictionary<string, object?> { ["TraceId"] = Activity.Current?.TraceId.ToString() });
        InboundOutcome outcome;
        await _applying.WaitAsync(ct);
        try
        {
            outcome = await HandleOnceAsync(message, handler, watch, ct);
        }
        finally
        {
            _applying.Release();
        }
        if (!message.DryRun) metrics.Inbound(message.Source, message.Type, outcome.Verdict.ToString(), watch.Elapsed.TotalMilliseconds);
        activity?.SetTag("eartag.verdict", outcome.Verdict.ToString());
        if (outcome.JournalId != 0)
        {
            activity?.SetTag("eartag.journal_id", outcome.JournalId);
            using var journalScope = log.BeginScope(new Dictionary<string, object?> { ["JournalId"] = outcome.JournalId });
            log.LogDebug("Journaled {Source}/{Type} as entry {JournalId}: {Verdict}", message.Source, message.Type, outcome.JournalId, outcome.Verdict);
        }
        return outcome;
    }

    private async Task<InboundOutcome> HandleOnceAsync(InboundMessage message, IMessageHandler? handler, Stopwatch watch, CancellationToken ct)
    {
        var refused = Precheck(message, handler);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (outcome, announced) = refused is null && handler is IDecidingHandler deciding
                    ? await DecideAsync(deciding, message, watch, ct)
                    : await ApplyAsync(message, handler, refused, watch, ct);
                // The relay is woken only when there is something to relay: a declaration announces nothing, and waking
                // it for each one cost two outbox queries per message (pg_stat_statements, LedgerBench).
                if (announced && !message.DryRun) outboxSignal.Notify();
                return outcome;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsConcurrencyConflict(e))
            {
                // Two messages created the same entity at once: the loser re-reads and applies on top of the winner.
                log.LogDebug(e, "Conflict applying {Source}/{Type}, attempt {Attempt}", message.Source, message.Type, attempt);
            }
            catch (Exception e) when (InputExceptionHandler.Classify(e) is { Status: > 0 } bad)
            {
                // A value PostgreSQL refuses as data is the sender's to fix, not a hub failure.
                log.LogInformation("Refused {Source}/{Type}: {Title} {Detail}", message.Source, message.Type, bad.Title, bad.Detail);
                return await JournalOutcomeAsync(message, InboundVerdict.Malformed, JournalStatus.Refused,
                    [new InboundReason(bad.Title, bad.Detail)], watch, ct);
            }
            // PostgreSQL going away is not the message's failure: nothing was committed, and the partner is answered 503
            // (Health.DatabaseUnavailable) to send it again, even when the database is back in time to journal a failure.
            catch (Exception e) when (e is not OperationCanceledException && !Health.DatabaseUnavailable.Is(e))
            {
                log.LogError(e, "Failed to apply {Source}/{Type}", message.Source, message.Type);
                return await JournalFailureAsync(message, e, watch, ct);
            }
        }
    }

    /// <summary>A unit-of-work message (or one refused before any rule): its own scope and EF context.</summary>
    private async Task<(InboundOutcome, bool Announced)> ApplyAsync(InboundMessage message, IMessageHandler? handler, HandlerResult? refused,
        Stopwatch watch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var journal = NewEntry(message);
        HandlerResult result;
        // Unit-of-work handlers may lock rows and write with SQL of their own: all of it lives in this transaction,
        // which commits with the journal row and the outbox rows, or rolls back on a refusal.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        result = refused ?? await ((IUnitOfWorkHandler)handler!).HandleAsync(new HandlerContext(db, message, journal, time.GetUtcNow()), ct);

        if (result.Verdict != InboundVerdict.Accepted || message.DryRun)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear(); // a refusal applies nothing, whatever a handler staged
            journal.Links.Clear();
        }

        var outcome = Finish(journal, message, result, watch);
        if (message.DryRun) return (outcome, false);

        // The journal row is written here and only here, once, whatever the verdict (a handler may have reserved its id).
        if (result.Verdict == InboundVerdict.Accepted)
        {
            await JournalTable.InsertAsync(db, journal, ct);
            // Anything a handler staged through EF (the ledger handlers write their rows, outbox rows included, with SQL).
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        else
        {
            // The journal row of a refusal commits on its own, outside the rolled-back work.
            db.Database.UseTransaction(null);
            await JournalTable.InsertAsync(db, journal, ct);
        }
        // A unit-of-work handler's outbox rows are not known here: any accepted message may have announced something.
        return (outcome with { JournalId = journal.Id }, result.Verdict == InboundVerdict.Accepted);
    }

    /// <summary>
    /// Load, decide, store: the handler loads its facts in the first round trip (which opens the transaction) and
    /// decides; the pipeline stores an accepted decision with the journal row and COMMIT in the second, or rolls back
    /// and journals a refusal in one.
    /// </summary>
    /// <remarks>
    /// No EF context and no DI scope: the two round trips are plain Npgsql on a pooled connection, and making a context
    /// per message was hub CPU spent on nothing it used.
    /// </remarks>
    private async Task<(InboundOutcome, bool Announced)> DecideAsync(IDecidingHandler handler, InboundMessage message, Stopwatch watch, CancellationToken ct)
    {
        var journal = NewEntry(message);
        await using var connection = await dataSource.Source.OpenConnectionAsync(ct);
        await using var session = new LedgerSession(connection);
        var result = await handler.LoadAndDecideAsync(session, message, time.GetUtcNow(), ct);
        journal.PartnerId = result.PartnerId;
        if (result.Verdict == InboundVerdict.Accepted)
            journal.Links.AddRange(result.Links.Select(l => new JournalLink { EntityType = l.EntityType, EntityKey = l.EntityKey }));
        var outcome = Finish(journal, message, result, watch);
        if (!session.Loaded)
        {
            if (!message.DryRun) await JournalTable.InsertAsync(connection, journal, ct);
        }
        else if (result.Verdict == InboundVerdict.Accepted && !message.DryRun)
            await session.CommitAsync(result.Writes, journal, ct);
        else
            await session.RollbackAsync(message.DryRun ? null : journal, ct);
        return message.DryRun ? (outcome, false) : (outcome with { JournalId = journal.Id }, result.Announces);
    }

    /// <summary>What refuses a message before any rule runs: its transport, its body, an unknown type.</summary>
    private static HandlerResult? Precheck(InboundMessage message, IMessageHandler? handler)
    {
        if (message.TransportRefusal is { Count: > 0 } refusal)
            return new HandlerResult(InboundVerdict.Unauthorized, refusal);
        if (message.BodyRefusal is { Count: > 0 } unreadable)
            return HandlerResult.Malformed(unreadable);
        if (TextSafety.HasNul(message.RawBody))
            return HandlerResult.Malformed([new InboundReason(TextSafety.Code, TextSafety.NulDetail("the message"))]);
        if (TextSafety.HasLoneSurrogate(message.RawBody))
            return HandlerResult.Malformed([new InboundReason(TextSafety.LoneSurrogateCode, TextSafety.LoneSurrogateDetail("the message"))]);
        if (handler is null)
            return HandlerResult.Malformed([new InboundReason("TYPE_UNKNOWN", $"no handler for {message.Source}/{message.Type}")]);
        return null;
    }

    /// <summary>The journal entry's outcome fields and the answer's extras, from the handler's result.</summary>
    private InboundOutcome Finish(JournalEntry journal, InboundMessage message, HandlerResult result, Stopwatch watch)
    {
        journal.Status = result.Verdict == InboundVerdict.Accepted ? JournalStatus.Accepted : JournalStatus.Refused;
        if (result.Verdict != InboundVerdict.Accepted) KeepRefusedBody(journal, message);
        journal.Reasons = result.Reasons.Count == 0 ? null : JsonSerializer.Serialize(result.Reasons, CanonicalJson.Options);
        journal.Summary = result.Summary is null ? null : JsonSerializer.Serialize(result.Summary, CanonicalJson.Options);
        journal.ProcessingMs = watch.Elapsed.TotalMilliseconds;
        var extra = new Dictionary<string, object?>();
        if (result.Summary is not null) extra["summary"] = result.Summary;
        foreach (var (k, v) in result.Answer ?? new Dictionary<string, object?>()) extra[k] = v;
        return new InboundOutcome(result.Verdict, 0, result.Reasons) { Extra = extra };
    }

    private Task<InboundOutcome> JournalFailureAsync(InboundMessage message, Exception error, Stopwatch watch, CancellationToken ct) =>
        JournalOutcomeAsync(message, InboundVerdict.Failed, JournalStatus.Failed,
            [new InboundReason("HUB_ERROR", error.GetBaseException().Message)], watch, ct);

    private async Task<InboundOutcome> JournalOutcomeAsync(InboundMessage message, InboundVerdict verdict, JournalStatus status,
        InboundReason[] reasons, Stopwatch watch, CancellationToken ct)
    {
        if (message.DryRun) return new InboundOutcome(verdict, 0, reasons);
        // A fresh unit of work: the failed one may hold half-staged changes that must not be saved.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var journal = NewEntry(message);
        journal.Status = status;
        journal.Reasons = JsonSerializer.Serialize(reasons, CanonicalJson.Options);
        journal.ProcessingMs = watch.Elapsed.TotalMilliseconds;
        if (status != JournalStatus.Failed) KeepRefusedBody(journal, message);
        await JournalTable.InsertAsync(db, journal, ct);
        return new InboundOutcome(verdict, journal.Id, reasons);
    }

    private JournalEntry NewEntry(InboundMessage message)
    {
        // Keys come from the whole body, before a refusal truncates it: a refused message is found by what it named.
        var keys = message.DryRun ? ([], []) : keyReader.Read(message);
        return new JournalEntry
        {
            ReceivedAt = message.ReceivedAt,
            Source = message.Source,
            Type = message.Type,
            RawBody = TextSafety.Storable(message.RawBody),
            ReplayOf = message.ReplayOf,
            ReplayedBy = message.ReplayOf is null ? null : message.Actor,
            Unauthenticated = message.TransportRefusal is { Count: > 0 },
            Keys = keys.Keys,
            TagRanges = [.. keys.TagRanges.Select(r => new NpgsqlTypes.NpgsqlRange<long>(r.First, true, r.Last, true))],
        };
    }

    /// <summary>
    /// A refused body is kept only up to a limit: anyone who can reach the hub can send refused requests, and they
    /// must not be able to fill its disk. A truncated entry cannot be replayed.
    /// </summary>
    private void KeepRefusedBody(JournalEntry journal, InboundMessage message)
    {
        var (kept, truncated) = TextSafety.Truncate(journal.RawBody, limits.CurrentValue.RefusedBodyJournalBytes);
        if (!truncated) return;
        journal.RawBody = kept;
        journal.BodyTruncated = true;
        log.LogInformation("Journaled the first {Bytes} bytes of a refused {Source}/{Type} body", limits.CurrentValue.RefusedBodyJournalBytes,
            message.Source, message.Type);
    }

    private static bool IsConcurrencyConflict(Exception e) =>
        (e as PostgresException ?? e.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.ExclusionViolation or PostgresErrorCodes.DeadlockDetected }
        || e is DbUpdateConcurrencyException; // EF's own, when a unit-of-work handler's SaveChanges lost a race
}
