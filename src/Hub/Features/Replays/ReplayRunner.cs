using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Features.Journal;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Replays;

/// <summary>
/// Runs replay runs in the background, one at a time, entry by entry in id order, writing progress after each entry so
/// GET /api/replays/{id} can follow it and DELETE can stop it between two entries. Each replay goes through the
/// pipeline like a single replay: journaled with replayOf and replayedBy (or nothing at all in a dry run).
/// </summary>
public sealed class ReplayRunner(IServiceScopeFactory scopes, IInboundPipeline pipeline, TimeProvider time, ILogger<ReplayRunner> log)
    : BackgroundService
{
    private const int Page = 200;
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>();
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    /// <summary>A run with no heartbeat for this long is taken for abandoned.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<long, bool> _mine = new();

    public void Enqueue(long runId)
    {
        _mine[runId] = true;
        _queue.Writer.TryWrite(runId);
    }

    /// <summary>
    /// Keeps this instance's queued and running runs alive and fails the runs nobody keeps alive any more (a hub that
    /// stopped mid-run); their results so far stay, and a new run with the same filter skips what they replayed.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var now = time.GetUtcNow();
        var mine = _mine.Keys.ToArray();
        if (mine.Length > 0)
            await db.Set<ReplayRun>().Where(r => mine.Contains(r.Id) && r.State == ReplayRunState.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAt, now), ct);
        var stale = now - Abandoned;
        return await db.Set<ReplayRun>().Where(r => r.State == ReplayRunState.Running && r.HeartbeatAt < stale)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReplayRunState.Failed).SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Error, "abandoned: the hub running it stopped; start the run again (entries it replayed are skipped unless force)"), ct);
    }

    private async Task SweepForeverAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
                await Task.Delay(SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Replay run sweep failed; trying again");
                await Task.Delay(SweepInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>Stops a run of this instance between two entries; the caller has already marked it cancelled.</summary>
    public void Cancel(long runId)
    {
        if (_running.TryGetValue(runId, out var cts)) cts.Cancel();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = SweepForeverAsync(stoppingToken);
        await foreach (var runId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _running[runId] = cts;
            try
            {
                await RunAsync(runId, cts.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Replay run {RunId} failed", runId);
                await FinishAsync(runId, ReplayRunState.Failed, e.GetBaseException().Message);
            }
            finally
            {
                _running.TryRemove(runId, out _);
                _mine.TryRemove(runId, out _);
            }
        }
    }

    private async Task RunAsync(long runId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var run = await db.Set<ReplayRun>().SingleAsync(r => r.Id == runId, ct);
        if (run.State != ReplayRunState.Running) return;
        var filter = JsonSerializer.Deserialize<JournalFilter>(run.Filter, CanonicalJson.Options)!;
        filter.Check(out var status);

        long after = 0;
        while (true)
        {
            var ids = await StartReplayRun.Matching(db, filter, status, run.UpToJournalId)
                .Where(j => j.Id > after).OrderBy(j => j.Id).Select(j => j.Id).Take(Page).ToListAsync(ct);
            if (ids.Count == 0) break;
            foreach (var id in ids)
            {
                if (ct.IsCancellationRequested || await StoppedAsync(db, runId))
                    return; // DELETE (or the sweep) already wrote the state
                await ReplayOneAsync(db, run, id);
                after = id;
            }
        }
        await FinishAsync(runId, ReplayRunState.Completed, null);
    }

    private static Task<bool> StoppedAsync(HubDbContext db, long runId) =>
        db.Set<ReplayRun>().AsNoTracking().AnyAsync(r => r.Id == runId && r.State != ReplayRunState.Running);

    private async Task ReplayOneAsync(HubDbContext db, ReplayRun run, long id)
    {
        var entry = await db.Journal.AsNoTracking().SingleAsync(j => j.Id == id);
        var item = new ReplayRunItem { RunId = run.Id, JournalId = id, Verdict = "Skipped" };
        if (ReplayRules.Never(entry) is { } never)
            item.Reasons = Reasons([new InboundReason(never.Code, never.Detail)]);
        else if (!run.DryRun && !run.Force && await ReplayRules.WasReplayedAsync(db, id, CancellationToken.None))
            item.Reasons = Reasons([new InboundReason(ReplayRules.AlreadyReplayed, $"entry {id} was already replayed; the run did not say force")]);
        else
        {
            // Not cancellable half-way: the pipeline either applies the message and journals it, or does nothing.
            var outcome = await pipeline.ReplayAsync(new InboundMessage(entry.Source, entry.Type, entry.RawBody, time.GetUtcNow())
            {
                ReplayOf = entry.Id, DryRun = run.DryRun, Actor = run.CreatedBy,
            }, CancellationToken.None);
            item.Verdict = outcome.Verdict.ToString();
            item.Reasons = outcome.Reasons.Count == 0 ? null : Reasons(outcome.Reasons);
            item.ReplayJournalId = run.DryRun ? null : outcome.JournalId;
        }

        run.Done++;
        run.HeartbeatAt = time.GetUtcNow();
        switch (item.Verdict)
        {
            case "Skipped": run.Skipped++; break;
            case nameof(InboundVerdict.Accepted): run.Accepted++; break;
            case nameof(InboundVerdict.Failed): run.Failed++; break;
            default: run.Refused++; break;
        }
        db.Add(item);
        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        db.Attach(run);
    }

    private async Task FinishAsync(long runId, ReplayRunState state, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        await db.Set<ReplayRun>().Where(r => r.Id == runId && r.State == ReplayRunState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, state).SetProperty(r => r.Error, error)
                .SetProperty(r => r.FinishedAt, time.GetUtcNow()));
    }

    private static string Reasons(IReadOnlyList<InboundReason> reasons) => JsonSerializer.Serialize(reasons, CanonicalJson.Options);
}
