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
/// An entry already replayed is replayed again only with force (a dry run says so as a warning). A dry run also answers
/// the canonical diff (<see cref="Replays.CanonicalDiff"/>): per entity, what the hub holds, what the message would make
/// of it, and the RFC 6902 patch between them.
/// </summary>
public static class ReplayJournalEntry
{
    public sealed record Request(string? Reason, bool? Force);

    public sealed record Result(long ReplayOf, bool DryRun, string Verdict, long? JournalId,
        IReadOnlyList<InboundReason> Reasons, object? Summary, IReadOnlyList<string> Warnings, Replays.CanonicalDiff.Result? Diff = null);

    public static async Task<IResult> HandleAsync(long id, bool? dryRun, bool? force, Request? body, HubDbContext db, IInboundPipeline pipeline,
        StaffScope scope, TimeProvider time, CancellationToken ct)
    {
        var entry = await db.Journal.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (entry is null)
            return Results.Problem(statusCode: 404, title: "JOURNAL_ENTRY_UNKNOWN", detail: $"no journal entry {id}");
        if (ReplayRules.RefuseNever(entry) is { } never) return never;
        var reason = body?.Reason?.Trim();
        if (ReplayRules.RefuseReason(reason) is { } bad) return bad;

        var dry = dryRun ?? false;
        var replayed = await ReplayRules.WasReplayedAsync(db, id, ct);
        if (replayed && !dry && !(force ?? body?.Force ?? false)) return ReplayRules.AlreadyReplayedProblem(id);

        var outcome = await pipeline.ReplayAsync(
            new InboundMessage(entry.Source, entry.Type, entry.RawBody, time.GetUtcNow())
            {
                ReplayOf = entry.Id, DryRun = dry, Actor = scope.UserName, ActorRegion = scope.Region,
            }, ct);
        if (!dry)
        {
            AuditLog.Add(db, scope, "journal.replay", entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
                new { reason, verdict = outcome.Verdict.ToString(), replayJournalId = outcome.JournalId, forced = replayed }, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        // A dry run also shows what the message would change against what the hub holds now.
        var diff = dry ? await Replays.CanonicalDiff.OfAsync(db, entry, ct) : null;
        return Results.Ok(new Result(entry.Id, dry, outcome.Verdict.ToString(), dry ? null : outcome.JournalId,
            outcome.Reasons, outcome.Extra?.GetValueOrDefault("summary"), replayed ? [ReplayRules.AlreadyReplayed] : [], diff));
    }
}
