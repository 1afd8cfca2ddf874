using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// POST /api/journal/{id}/replay: run a journaled message again through today's mappings and rules (for example a
/// push refused before its farm's registry record arrived). With dryRun=true nothing is written; otherwise the replay
/// is itself journaled, pointing at the entry it replays. The signature is not checked again: the raw body is what
/// the partner sent, and the replay is the engineer's decision, recorded in the journal.
/// </summary>
public static class ReplayJournalEntry
{
    public sealed record Result(long ReplayOf, bool DryRun, string Verdict, long? JournalId,
        IReadOnlyList<InboundReason> Reasons, object? Summary);

    public static async Task<IResult> HandleAsync(long id, bool? dryRun, HubDbContext db, IInboundPipeline pipeline,
        TimeProvider time, CancellationToken ct)
    {
        var entry = await db.Journal.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (entry is null)
            return Results.Problem(statusCode: 404, title: "JOURNAL_ENTRY_UNKNOWN", detail: $"no journal entry {id}");

        var dry = dryRun ?? false;
        var outcome = await pipeline.HandleAsync(
            new InboundMessage(entry.Source, entry.Type, entry.RawBody, time.GetUtcNow()) { ReplayOf = entry.Id, DryRun = dry }, ct);
        return Results.Ok(new Result(entry.Id, dry, outcome.Verdict.ToString(), dry ? null : outcome.JournalId,
            outcome.Reasons, outcome.Extra?.GetValueOrDefault("summary")));
    }
}
