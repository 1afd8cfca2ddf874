using System.Globalization;
using System.Text.Json;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using Npgsql;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>
/// PUT /api/rollout/counties/{code}: the province switches a county's new function on or off from a date, after the
/// county reported its 启用时间. The rollout row, its audit row and the 动监e通 notification are one transaction;
/// the same state again changes nothing and notifies nobody.
/// </summary>
public static class SwitchCounty
{
    public sealed record SwitchRequest(bool? Enabled, string? Since, string? Note);

    public sealed record SwitchResult(string County, string Name, bool Enabled, DateOnly Since, bool InForceToday,
        DateTimeOffset UpdatedAt, bool Changed);

    private const int MaxNote = 1000;

    public static async Task<IResult> HandleAsync(string code, SwitchRequest? body, StaffScope scope,
        HubDbContext db, TimeProvider time, OutboxSignal outbox, ILoggerFactory logs, CancellationToken ct)
    {
        if (body?.Enabled is not { } enabled)
            return Results.Problem(statusCode: 400, title: "ENABLED_MISSING", detail: "the body must say { \"enabled\": true|false, \"since\": \"yyyy-MM-dd\" }");
        if (body.Since is null)
            return Results.Problem(statusCode: 400, title: "SINCE_MISSING", detail: "since (yyyy-MM-dd, China date) is required");
        if (!DateOnly.TryParseExact(body.Since, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var since)
            || since.Year is < 2000 or > 2099)
            return Results.Problem(statusCode: 400, title: "SINCE_INVALID", detail: $"since must be a date yyyy-MM-dd, got '{body.Since}'");
        // Who switched comes from the token, never from what the caller writes.
        var actor = scope.UserName;
        if (body.Note is { Length: > MaxNote })
            return Results.Problem(statusCode: 400, title: "AUDIT_TEXT_TOO_LONG", detail: $"note is at most {MaxNote} characters");
        if (await RolloutCounties.RefuseUnlessCountyAsync(db, code, ct) is { } refusal)
            return refusal;
        if (scope.RefuseWrite(code, $"county {code}") is { } outside)
            return outside;

        var now = time.GetUtcNow();
        var today = CountyRolloutRules.ChinaDate(now);
        // The hub holds one state per county, so a switch-off cannot wait for a later date: it takes effect at once.
        if (!enabled && since > today)
            return Results.Problem(statusCode: 422, title: "SINCE_IN_FUTURE",
                detail: $"a switch-off takes effect at once; give {today:yyyy-MM-dd} or an earlier date, not {since:yyyy-MM-dd}");
        var name = await db.Regions.AsNoTracking().Where(r => r.Code == code && r.ValidTo == null).Select(r => r.Name).FirstAsync(ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (row, changed) = await StageAsync(db, scope, code, enabled, since, body.Note, now, ct);
        if (!changed)
            return Results.Ok(new SwitchResult(code, name, row?.Enabled ?? false, row?.Since ?? since, InForce(row, today),
                row?.UpdatedAt ?? now, Changed: false));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Only a first switch can race this way: the other one inserted the row between our read and our write.
            return Results.Problem(statusCode: 409, title: "ROLLOUT_CONFLICT",
                detail: $"county {code} was switched by someone else at the same moment; read its state and try again");
        }
        outbox.Notify();

        logs.CreateLogger(typeof(SwitchCounty)).LogInformation("County {County} {Name} switched {State} from {Since} by {Actor}",
            code, name, enabled ? "on" : "off", since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), actor);
        return Results.Ok(new SwitchResult(code, name, enabled, since, InForce(row, today), now, Changed: true));
    }

    /// <summary>
    /// Stages a switch on the caller's open transaction: the county's row (locked, so two switches at once are told
    /// apart), its audit rows and the 动监e通 notification. Unchanged when the county is already in that state; the
    /// caller saves and commits (and maps a unique violation of a first switch to ROLLOUT_CONFLICT).
    /// </summary>
    internal static async Task<(CountyRollout? Row, bool Changed)> StageAsync(HubDbContext db, StaffScope scope, string code,
        bool enabled, DateOnly since, string? note, DateTimeOffset now, CancellationToken ct)
    {
        var row = (await db.CountyRollouts.FromSql($"SELECT * FROM county_rollout WHERE county_code = {code} FOR UPDATE").ToListAsync(ct))
            .SingleOrDefault();
        var unchanged = row is null ? !enabled : row.Enabled == enabled && row.Since == since;
        if (unchanged)
            return (row, false);

        if (row is null)
        {
            row = new CountyRollout { CountyCode = code };
            db.CountyRollouts.Add(row);
        }
        row.Enabled = enabled;
        row.Since = since;
        row.UpdatedAt = now;
        db.RolloutAudits.Add(new RolloutAudit
        {
            CountyCode = code, Enabled = enabled, Since = since, At = now, Actor = scope.UserName,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        });
        AuditLog.Add(db, scope, "county.switch", code, code,
            new { enabled, since = since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), note }, now);
        // The staff request's trace goes with the row, so the switch and its delivery to 动监e通 are one trace.
        await Persistence.Tables.OutboxTable.InsertAsync(db,
            [new(Destinations.DjetCountyFeature, code, JsonSerializer.Serialize(new CountyFeatureSwitched(code, enabled, since), CanonicalJson.Options), code)],
            null, now, ct);
        return (row, true);
    }

    internal static bool InForce(CountyRollout? row, DateOnly day) => row is { Enabled: true } && row.Since <= day;
}
