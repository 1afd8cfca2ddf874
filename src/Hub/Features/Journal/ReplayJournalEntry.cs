using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// POST /api/journal/{id}/replay: run a journaled message again through today's mappings and rules (for example a
/// push refused before its farm's registry record arrived). With dryRun=true nothing is written; otherwise the replay
/// is itself journaled, pointing at the entry it replays and naming the engineer, and audited with the reason given.
/// A replay never lifts a partner's authentication: a message refused at the transport (no or bad signature, stale
/// timestamp, unknown appKey) was never shown to come from the partner, so it cannot become canonical data this way.
/// </summary>
public static class ReplayJournalEntry
{
    public sealed record Request(string? Reason);

    public sealed record Result(long ReplayOf, bool DryRun, string Verdict, long? JournalId,
        IReadOnlyList<InboundReason> Reasons, object? Summary);

    private const int MaxReason = 1000;

    public static async Task<IResult> HandleAsync(long id, bool? dryRun, Request? body, HubDbContext db, IInboundPipeline pipeline,
        StaffScope scope, TimeProvider time, CancellationToken ct)
    {
        var entry = await db.Journal.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (entry is null)
            return Results.Problem(statusCode: 404, title: "JOURNAL_ENTRY_UNKNOWN", detail: $"no journal entry {id}");
        if (entry.Unauthenticated)
            return Results.Problem(statusCode: 409, title: "REPLAY_OF_UNAUTHENTICATED_MESSAGE",
                detail: $"entry {id} was refused at the transport (its signature was missing or wrong, or its appKey unknown); " +
                        "nobody showed it came from the partner, so it cannot be replayed. Ask the partner to send it again, signed.");
        if (entry.BodyTruncated)
            return Results.Problem(statusCode: 409, title: "REPLAY_OF_TRUNCATED_BODY",
                detail: $"entry {id} keeps only the first part of an oversized refused body; the partner must send it again");
        // The journal keeps such a body with U+FFFD where its bytes were not UTF-8: replaying that would apply other text.
        if (entry.Reasons?.Contains($"\"{Adapters.Inbound.SignedInbound.BodyNotUtf8}\"", StringComparison.Ordinal) == true)
            return Results.Problem(statusCode: 409, title: "REPLAY_OF_UNREADABLE_BODY",
                detail: $"entry {id} was not UTF-8 text; what the journal shows is not what was sent, so the partner must send it again");
        var reason = body?.Reason?.Trim();
        if (reason is { Length: > MaxReason })
            return Results.Problem(statusCode: 400, title: "REASON_TOO_LONG", detail: $"reason is at most {MaxReason} characters");

        var dry = dryRun ?? false;
        var outcome = await pipeline.HandleAsync(
            new InboundMessage(entry.Source, entry.Type, entry.RawBody, time.GetUtcNow())
            {
                ReplayOf = entry.Id, DryRun = dry, Actor = scope.UserName, ActorRegion = scope.Region,
            }, ct);
        if (!dry)
        {
            AuditLog.Add(db, scope, "journal.replay", entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
                new { reason, verdict = outcome.Verdict.ToString(), replayJournalId = outcome.JournalId }, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        return Results.Ok(new Result(entry.Id, dry, outcome.Verdict.ToString(), dry ? null : outcome.JournalId,
            outcome.Reasons, outcome.Extra?.GetValueOrDefault("summary")));
    }
}
