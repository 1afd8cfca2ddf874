using System.Globalization;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>
/// 上报启用时间: POST /api/rollout/counties/{code}/start-reports (a county-scope clerk), GET /api/rollout/start-reports,
/// POST /api/rollout/start-reports/{id}/approve and …/refuse (the province's admin). Every step is audited.
/// </summary>
public static class CountyStartReports
{
    public sealed record ReportRequest(string? StartDate, string? Note);

    public sealed record DecisionRequest(string? Reason);

    public sealed record StartReportView(long Id, string County, DateOnly StartDate, string? Note, string ReportedBy,
        DateTimeOffset ReportedAt, string Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? Reason)
    {
        public static StartReportView Of(CountyStartReport r) => new(r.Id, r.CountyCode, r.StartDate, r.Note, r.ReportedBy,
            r.ReportedAt, r.Status.ToString(), r.DecidedBy, r.DecidedAt, r.Reason);
    }

    public static async Task<IResult> ReportAsync(string code, ReportRequest? body, StaffScope scope, HubDbContext db,
        TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.StartDate))
            return Results.Problem(statusCode: 400, title: CountyStartRules.StartDateMissing, detail: "the body says { \"startDate\": \"yyyy-MM-dd\", \"note\"? }");
        if (!DateOnly.TryParseExact(body.StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || start.Year is < 2000 or > 2099)
            return Results.Problem(statusCode: 400, title: CountyStartRules.StartDateInvalid, detail: $"startDate must be a date yyyy-MM-dd, got '{body.StartDate}'");
        if (await RolloutCounties.RefuseUnlessCountyAsync(db, code, ct) is { } unknown)
            return unknown;
        // A county's own clerk (or a wider scope) reports for the county; a township account does not cover it.
        if (scope.RefuseWrite(code, $"county {code}") is { } outside)
            return outside;
        var now = time.GetUtcNow();
        if (CountyStartRules.CheckReport(start, body.Note, CountyRolloutRules.ChinaDate(now)) is { } refused)
            return refused.ToResult();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A new report replaces the pending one: the county changed its mind before the province decided.
        var pending = await db.CountyStartReports
            .FromSql($"SELECT * FROM county_start_report WHERE county_code = {code} AND status = 'Pending' FOR UPDATE").ToListAsync(ct);
        foreach (var old in pending)
        {
            old.Status = StartReportStatus.Superseded;
            old.DecidedAt = now;
        }
        if (pending.Count > 0)
            await db.SaveChangesAsync(ct);
        var report = new CountyStartReport
        {
            CountyCode = code, StartDate = start, Note = Trimmed(body.Note), ReportedBy = scope.UserName, ReportedAt = now,
            Status = StartReportStatus.Pending,
        };
        db.CountyStartReports.Add(report);
        AuditLog.Add(db, scope, "county.start-report", code, code,
            new { startDate = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), note = report.Note, replaces = pending.Select(p => p.Id) }, now);
        if (await SaveAsync(db, tx, code, ct) is { } conflict)
            return conflict;
        return Results.Created($"/api/rollout/start-reports/{report.Id}", StartReportView.Of(report));
    }

    public static async Task<IResult> ListAsync(string? county, string? status, StaffScope scope, HubDbContext db, CancellationToken ct)
    {
        StartReportStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<StartReportStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || status.Any(char.IsDigit))
                return Results.Problem(statusCode: 400, title: "INVALID_STATUS", detail: "status is pending, approved, refused or superseded");
            wanted = parsed;
        }
        var query = db.CountyStartReports.AsNoTracking();
        if (county is not null) query = query.Where(r => r.CountyCode == county);
        if (wanted is { } w) query = query.Where(r => r.Status == w);
        var rows = await query.OrderByDescending(r => r.ReportedAt).ThenByDescending(r => r.Id).Take(500).ToListAsync(ct);
        return Results.Ok(new { items = rows.Where(r => scope.Overlaps(r.CountyCode)).Select(StartReportView.Of) });
    }

    public static Task<IResult> ApproveAsync(long id, DecisionRequest? body, StaffScope scope, HubDbContext db, TimeProvider time,
        OutboxSignal outbox, CancellationToken ct) => DecideAsync(id, approve: true, body, scope, db, time, outbox, ct);

    public static Task<IResult> RefuseAsync(long id, DecisionRequest? body, StaffScope scope, HubDbContext db, TimeProvider time,
        OutboxSignal outbox, CancellationToken ct) => DecideAsync(id, approve: false, body, scope, db, time, outbox, ct);

    private static async Task<IResult> DecideAsync(long id, bool approve, DecisionRequest? body, StaffScope scope, HubDbContext db,
        TimeProvider time, OutboxSignal outbox, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var report = (await db.CountyStartReports.FromSql($"SELECT * FROM county_start_report WHERE id = {id} FOR UPDATE").ToListAsync(ct))
            .SingleOrDefault();
        if (report is null || !scope.Overlaps(report.CountyCode))
            return StaffScope.NotFound("START_REPORT_UNKNOWN", $"no start-date report {id}");
        if (scope.RefuseWrite(report.CountyCode, $"county {report.CountyCode}") is { } outside)
            return outside;
        if (CountyStartRules.CheckDecision(report.Status, report.StartDate, approve, body?.Reason, CountyRolloutRules.ChinaDate(now)) is { } refused)
            return refused.ToResult();

        report.Status = approve ? StartReportStatus.Approved : StartReportStatus.Refused;
        report.DecidedBy = scope.UserName;
        report.DecidedAt = now;
        report.Reason = Trimmed(body?.Reason);
        AuditLog.Add(db, scope, approve ? "county.start-report.approve" : "county.start-report.refuse", report.CountyCode,
            report.CountyCode, new { report = report.Id, startDate = report.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reason = report.Reason }, now);
        // Approval is the switch: on from the reported date, which CountyRolloutRules reads as "in force from that day".
        var switched = approve && (await SwitchCounty.StageAsync(db, scope, report.CountyCode, enabled: true, report.StartDate,
            $"上报启用时间 #{report.Id}" + (report.Reason is null ? "" : $": {report.Reason}"), now, ct)).Changed;
        if (await SaveAsync(db, tx, report.CountyCode, ct) is { } conflict)
            return conflict;
        if (switched) outbox.Notify();
        return Results.Ok(StartReportView.Of(report));
    }

    private static async Task<IResult?> SaveAsync(HubDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx,
        string code, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Results.Problem(statusCode: 409, title: "ROLLOUT_CONFLICT",
                detail: $"county {code} was reported or switched by someone else at the same moment; read its state and try again");
        }
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
