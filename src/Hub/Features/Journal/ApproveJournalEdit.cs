using System.Globalization;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// POST /api/journal/edits/{id}/approve: a second person (an approver who is not the editor) lets an edit run. The
/// patched body goes through today's mappings and rules as a replay of the original: journaled with replayOf (the
/// original) and replayedBy (the approver), tied to the edit, audited. An edit runs once; approving it is the
/// deliberate act that force is for a plain replay, so an original already replayed does not stop it.
/// </summary>
public static class ApproveJournalEdit
{
    public sealed record Result(long EditId, long ReplayOf, string Verdict, long JournalId, IReadOnlyList<InboundReason> Reasons,
        object? Summary);

    public static async Task<IResult> HandleAsync(long id, HubDbContext db, IInboundPipeline pipeline, StaffScope scope,
        TimeProvider time, CancellationToken ct)
    {
        var edit = await db.Set<JournalEdit>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (edit is null) return Results.Problem(statusCode: 404, title: "EDIT_UNKNOWN", detail: $"no journal edit {id}");
        if (edit.EditedBy == scope.UserName)
            return Results.Problem(statusCode: 403, title: "SELF_APPROVAL",
                detail: "an edit is approved by someone other than its editor (four eyes); ask another approver");
        if (edit.Status != JournalEditStatus.Pending)
            return Results.Problem(statusCode: 409, title: "EDIT_NOT_PENDING", detail: $"edit {id} was already approved by {edit.ApprovedBy}");
        var entry = await db.Journal.AsNoTracking().SingleAsync(j => j.Id == edit.JournalId, ct);
        if (ReplayRules.RefuseNever(entry) is { } never) return never;

        // Claim the edit first, so two approvers at once run it once.
        var now = time.GetUtcNow();
        var claimed = await db.Set<JournalEdit>().Where(e => e.Id == id && e.Status == JournalEditStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, JournalEditStatus.Applied)
                .SetProperty(e => e.ApprovedBy, scope.UserName).SetProperty(e => e.ApprovedAt, now), ct);
        if (claimed == 0)
            return Results.Problem(statusCode: 409, title: "EDIT_NOT_PENDING", detail: $"edit {id} was approved by someone else just now");

        var outcome = await pipeline.ReplayAsync(
            new InboundMessage(entry.Source, entry.Type, EditJournalEntry.Patched(entry.RawBody, edit.Patch), now)
            {
                ReplayOf = entry.Id, Actor = scope.UserName, ActorRegion = scope.Region,
            }, CancellationToken.None);
        await db.Set<JournalEdit>().Where(e => e.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.ReplayJournalId, outcome.JournalId).SetProperty(e => e.Verdict, outcome.Verdict.ToString()), CancellationToken.None);
        AuditLog.Add(db, scope, "journal.edit.approve", id.ToString(CultureInfo.InvariantCulture), null,
            new { journalId = entry.Id, editedBy = edit.EditedBy, verdict = outcome.Verdict.ToString(), replayJournalId = outcome.JournalId }, now);
        await db.SaveChangesAsync(CancellationToken.None);
        return Results.Ok(new Result(id, entry.Id, outcome.Verdict.ToString(), outcome.JournalId, outcome.Reasons,
            outcome.Extra?.GetValueOrDefault("summary")));
    }
}
