using System.Globalization;
using System.Text.Json;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Features.Journal;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// POST /api/replays {filter, dryRun, reason, force}: replay every journal entry the filter matches, in the background.
/// The answer (202) comes at once with the run's id and how many entries it covers; entries journaled after it (its
/// own replays among them) are never part of it. A run replays original messages: an entry that is itself a replay is
/// reached through its original. Entries that can never be replayed (refused at the transport, truncated) are skipped
/// and counted, and so are entries already replayed unless force: the answer warns how many there are.
/// </summary>
public static class StartReplayRun
{
    public sealed record Request(JournalFilter? Filter, bool? DryRun, string? Reason, bool? Force);

    public sealed record Warning(string Code, int Entries, string Detail);

    public sealed record Started(long Id, int Total, bool DryRun, IReadOnlyList<Warning> Warnings);

    /// <summary>The entries a run covers: the filter, originals only, none newer than the run.</summary>
    internal static IQueryable<JournalEntry> Matching(HubDbContext db, JournalFilter filter, JournalStatus? status, long upTo) =>
        filter.Apply(db, status).Where(j => j.Id <= upTo && j.ReplayOf == null);

    public static async Task<IResult> HandleAsync(Request? body, HubDbContext db, ReplayRunner runner, StaffScope scope,
        TimeProvider time, CancellationToken ct)
    {
        if (body?.Filter is not { } filter)
            return Results.Problem(statusCode: 400, title: "FILTER_REQUIRED",
                detail: "say which entries to replay: {\"filter\": {source, type, status, from, to, farm, partnerId, key, q}}; {} means every entry");
        if (filter.Check(out var status) is { } bad) return bad;
        var dry = body.DryRun ?? false;
        var reason = body.Reason?.Trim();
        if (ReplayRules.RefuseReason(reason) is { } badReason) return badReason;
        if (!dry && string.IsNullOrEmpty(reason))
            return Results.Problem(statusCode: 400, title: "REASON_REQUIRED", detail: "a replay run is audited: say why (reason)");

        var upTo = await db.Journal.MaxAsync(j => (long?)j.Id, ct) ?? 0;
        var matching = Matching(db, filter, status, upTo);
        var total = await matching.CountAsync(ct);
        var never = await matching.CountAsync(j => j.Unauthenticated || j.BodyTruncated, ct);
        var replayed = await matching.CountAsync(j => db.Journal.Any(r => r.ReplayOf == j.Id), ct);

        var now = time.GetUtcNow();
        var run = new ReplayRun
        {
            CreatedAt = now, HeartbeatAt = now, CreatedBy = scope.UserName, Reason = reason, Filter = JsonSerializer.Serialize(filter, CanonicalJson.Options),
            DryRun = dry, Force = body.Force ?? false, State = ReplayRunState.Running, UpToJournalId = upTo, Total = total,
        };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        if (!dry)
        {
            AuditLog.Add(db, scope, "replay.start", run.Id.ToString(CultureInfo.InvariantCulture), null,
                new { reason, filter, total, force = run.Force, upToJournalId = upTo }, now);
            await db.SaveChangesAsync(ct);
        }
        runner.Enqueue(run.Id);

        var warnings = new List<Warning>();
        if (never > 0)
            warnings.Add(new Warning("NEVER_REPLAYED", never,
                "entries refused at the transport or kept truncated are skipped and counted, never replayed"));
        if (replayed > 0)
            warnings.Add(new Warning(ReplayRules.AlreadyReplayed, replayed, run.Force || dry
                ? "entries already replayed are replayed again"
                : "entries already replayed are skipped; run again with force=true to replay them again"));
        return Results.Accepted($"/api/replays/{run.Id}", new Started(run.Id, total, dry, warnings));
    }
}
