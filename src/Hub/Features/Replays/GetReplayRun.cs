using System.Text.Json;
using EarTagTrace.Hub.Features.Journal;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Replays;

/// <summary>GET /api/replays/{id}: a run's progress and its results, entry by entry in id order (after= pages).</summary>
public static class GetReplayRun
{
    public sealed record Result(long JournalId, string Verdict, JsonElement? Reasons, long? ReplayJournalId);

    public sealed record Run(
        long Id, string State, bool DryRun, bool Force, string CreatedBy, DateTimeOffset CreatedAt, string? Reason, JsonElement Filter,
        int Total, int Done, int Accepted, int Refused, int Failed, int Skipped, DateTimeOffset? FinishedAt, string? Error,
        IReadOnlyList<Result> Results, long? NextAfter);

    public static async Task<IResult> HandleAsync(long id, long? after, int? limit, HubDbContext db, CancellationToken ct)
    {
        var run = await db.Set<ReplayRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null) return Results.Problem(statusCode: 404, title: "REPLAY_RUN_UNKNOWN", detail: $"no replay run {id}");
        return Results.Ok(await ViewAsync(db, run, after, limit, ct));
    }

    internal static async Task<Run> ViewAsync(HubDbContext db, ReplayRun run, long? after, int? limit, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 100, 1, 1000);
        var items = await db.Set<ReplayRunItem>().AsNoTracking()
            .Where(i => i.RunId == run.Id && i.JournalId > (after ?? 0)).OrderBy(i => i.JournalId).Take(take)
            .ToListAsync(ct);
        return new Run(run.Id, run.State.ToString(), run.DryRun, run.Force, run.CreatedBy, run.CreatedAt, run.Reason,
            ListJournal.Parse(run.Filter)!.Value, run.Total, run.Done, run.Accepted, run.Refused, run.Failed, run.Skipped,
            run.FinishedAt, run.Error,
            items.Select(i => new Result(i.JournalId, i.Verdict, ListJournal.Parse(i.Reasons), i.ReplayJournalId)).ToList(),
            items.Count == take ? items[^1].JournalId : null);
    }
}
