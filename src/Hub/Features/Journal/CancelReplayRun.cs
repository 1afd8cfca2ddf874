using System.Globalization;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// DELETE /api/replays/{id}: stop a running run between two entries. What it already replayed stays replayed (each
/// replay is its own transaction); the run keeps its counts and says Cancelled.
/// </summary>
public static class CancelReplayRun
{
    public static async Task<IResult> HandleAsync(long id, HubDbContext db, ReplayRunner runner, StaffScope scope, TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cancelled = await db.Set<ReplayRun>().Where(r => r.Id == id && r.State == ReplayRunState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReplayRunState.Cancelled).SetProperty(r => r.FinishedAt, now), ct);
        var run = await db.Set<ReplayRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null) return Results.Problem(statusCode: 404, title: "REPLAY_RUN_UNKNOWN", detail: $"no replay run {id}");
        if (cancelled == 0)
            return Results.Problem(statusCode: 409, title: "REPLAY_RUN_FINISHED", detail: $"replay run {id} is already {run.State}");
        runner.Cancel(id);
        if (!run.DryRun)
        {
            AuditLog.Add(db, scope, "replay.cancel", id.ToString(CultureInfo.InvariantCulture), null, new { done = run.Done, total = run.Total }, now);
            await db.SaveChangesAsync(ct);
        }
        return Results.Ok(await GetReplayRun.ViewAsync(db, run, null, 0, ct));
    }
}
