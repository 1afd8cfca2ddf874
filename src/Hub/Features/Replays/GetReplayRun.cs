using System.Text.Json;
using EarTagTrace.Hub.Features.Journal;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Replays;

/// <summary>GET /api/replays/{id}: a run's progress and its results, entry by entry in id order (after= pages).</summary>
public static class GetReplayRun
{
    public sealed record Result(long JournalId, string Verdict, JsonElement? Reasons, long? ReplayJournalId, CanonicalDiff.Result? Diff = null);

    public sealed record Run(
        long Id, string State, bool DryRun, bool Force, string CreatedBy, DateTimeOffset CreatedAt, string? Reason, JsonElement Filter,
        int Total, int Done, int Accepted, int Refused, int Failed, int Skipped, DateTimeOffset? FinishedAt, string? Error,
        IReadOnlyList<Result> Results, long? NextAfter);

    /// <summary>Results of a dry run carry their canonical diff with diff=true (at most 100 per page; not for viewers).</summary>
    public const int MaxDiffs = 100;

    public static async Task<IResult> HandleAsync(long id, long? after, int? limit, bool? diff, HubDbContext db, Access.StaffScope scope, CancellationToken ct)
    {
        var run = await db.Set<ReplayRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null) return Results.Problem(statusCode: 404, title: "REPLAY_RUN_UNKNOWN", detail: $"no replay run {id}");
        if (diff == true && scope.IsViewerOnly)
            return Results.Problem(statusCode: 403, title: "DIFF_NOT_FOR_VIEWERS",
                detail: "the canonical diff shows the personal data a viewer sees masked; ask an engineer");
        if (diff == true && !run.DryRun)
            return Results.Problem(statusCode: 400, title: "DIFF_ONLY_FOR_DRY_RUNS", detail: $"run {id} replayed for real; its entries' lineage shows what they did");
        var view = await ViewAsync(db, run, after, diff == true ? Math.Min(limit ?? MaxDiffs, MaxDiffs) : limit, ct);
        if (diff != true) return Results.Ok(view);
        // The diff is against what the hub holds now, which is what a dry run asks about.
        var ids = view.Results.Select(r => r.JournalId).ToArray();
        var entries = await db.Journal.AsNoTracking().Where(j => ids.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
        var results = new List<Result>(view.Results.Count);
        foreach (var r in view.Results)
            results.Add(entries.TryGetValue(r.JournalId, out var entry) ? r with { Diff = await CanonicalDiff.OfAsync(db, entry, ct) } : r);
        return Results.Ok(view with { Results = results });
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
