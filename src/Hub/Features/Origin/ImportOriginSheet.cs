using System.Globalization;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Imports;
using EarTagTrace.Hub.Inbound;
using Microsoft.AspNetCore.Mvc;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// POST /api/origin/import: the 采集表 (xlsx or CSV) → normalized CSV → the inbound pipeline, which journals it
/// (origin/origin-sheet) and applies every row or none (<see cref="ApplyOriginSheet"/>). 200 with what was created; 422
/// with a report line per fault {row, column, code, detail}; 400 when the upload is no 采集表 at all (not journaled:
/// there is nothing to replay). ?dryRun=true answers the diff (rows to add, change, leave unchanged, or refuse with
/// their reasons) and writes nothing. Coordinates may be blank: batch first, refine each point after a field visit.
/// </summary>
public static class ImportOriginSheet
{
    public sealed record Imported(string HubId, int Rows, int Created, int Updated, int Unchanged, int EntitiesCreated);

    /// <summary>A dry run's answer: the verdict the sheet would get, the counts, and a line per row.</summary>
    public sealed record DryRun(string Verdict, int Rows, int Add, int Change, int Unchanged, int Refused, int EntitiesCreated,
        IReadOnlyList<OriginProblem> Errors, IReadOnlyList<OriginRowDiff> Diff);

    public static async Task<IResult> HandleAsync(HttpRequest request, bool? dryRun, StaffScope scope, InboundPipeline pipeline, ApplyOriginSheet rule,
        OnlineChecks checks, SheetImports imports, IOptions<ImportOptions> options, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<OriginSheetRow> rows;
        try
        {
            await using var content = await OriginSheetReader.OpenAsync(request, ct);
            rows = OriginSheetReader.Read(content);
        }
        catch (SheetUnreadableException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: e.Code, detail: e.Message);
        }

        var message = new InboundMessage(ApplyOriginRows.SourceName, ApplyOriginSheet.MessageType, ApplyOriginSheet.Normalize(rows), now)
        {
            Actor = scope.UserName, ActorRegion = scope.Region, DryRun = dryRun ?? false,
        };
        if (message.DryRun) return Results.Ok(DryRunAnswer(await pipeline.HandleAsync(message, rule, ct)));

        // Reading streams in a second or two even for 100,000 rows; checking and writing are what take long. A sheet
        // past the synchronous limit goes on in the background, its progress at GET /api/imports/{id}.
        if (rows.Count > options.Value.SyncRows)
        {
            var id = await imports.StartAsync(OriginImports.Kind, rows.Count, scope, now,
                (sp, progress, token) => OriginImports.RunAsync(sp, message, rows.Count, progress, token), ct);
            return Results.Accepted($"/api/imports/{id}", new SheetImportStarted(id, rows.Count, $"/api/imports/{id}"));
        }
        var outcome = await pipeline.HandleAsync(message, rule, ct);
        await CheckOnlineAsync(outcome, checks, ct);
        return Answer(outcome, rows.Count) switch
        {
            ProblemDetails problem => Results.Problem(problem),
            var done => Results.Ok(done),
        };
    }

    /// <summary>线上巡查 on each accepted write; a sheet of more changed records is checked by the nightly run.</summary>
    internal static async Task CheckOnlineAsync(InboundOutcome outcome, OnlineChecks checks, CancellationToken ct)
    {
        if (outcome.Verdict == InboundVerdict.Accepted && outcome.Extra?.GetValueOrDefault("changedIds") is List<long> { Count: > 0 and <= OnlineChecks.OnWriteLimit } changed)
            await checks.RunAfterWriteAsync(changed, ct);
    }

    /// <summary>What was written, or the problem (500 journaled failure, 403 rows outside the scope, 422 faults).</summary>
    internal static object Answer(InboundOutcome outcome, int rows)
    {
        var hubId = outcome.JournalId > 0 ? outcome.JournalId.ToString(CultureInfo.InvariantCulture) : null;
        if (outcome.Verdict == InboundVerdict.Accepted && outcome.Extra?.GetValueOrDefault("summary") is OriginSummary done)
            return new Imported(hubId!, done.Rows, done.Created, done.Updated, done.Unchanged, done.EntitiesCreated);
        if (outcome.Verdict == InboundVerdict.Failed)
            return new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError, Title = "HUB_ERROR",
                Detail = "the hub failed applying the sheet; it is journaled and can be replayed", Extensions = { ["hubId"] = hubId },
            };
        var problems = ProblemsOf(outcome);
        var faulty = problems.Where(p => p.Row is not null).Select(p => p.Row).Distinct().Count();
        // A row outside the caller's region makes the whole sheet a write outside its scope, as for the stock sheet.
        var outside = problems.Any(p => p.Code == OriginCodes.OutsideRegionScope);
        return new ProblemDetails
        {
            Status = outside ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity,
            Title = outside ? OriginCodes.OutsideRegionScope : "SHEET_REFUSED",
            Detail = $"{problems.Count} fault(s) in {faulty} of {rows} row(s); nothing was imported",
            Extensions = { ["hubId"] = hubId, ["rows"] = rows, ["errors"] = problems },
        };
    }

    private static DryRun DryRunAnswer(InboundOutcome outcome)
    {
        var summary = outcome.Extra?.GetValueOrDefault("summary") as OriginSummary;
        var diff = outcome.Extra?.GetValueOrDefault("diff") as IReadOnlyList<OriginRowDiff> ?? [];
        return new DryRun(outcome.Verdict.ToString(), summary?.Rows ?? diff.Count, diff.Count(d => d.Change == OriginChange.Add),
            diff.Count(d => d.Change == OriginChange.Change), diff.Count(d => d.Change == OriginChange.Unchanged),
            diff.Count(d => d.Change == OriginChange.Refused), outcome.Verdict == InboundVerdict.Accepted ? summary?.EntitiesCreated ?? 0 : 0,
            ProblemsOf(outcome), diff);
    }

    /// <summary>The rows' faults as the handler gave them, else the reasons the pipeline refused the message with.</summary>
    internal static IReadOnlyList<OriginProblem> ProblemsOf(InboundOutcome outcome) =>
        outcome.Extra?.GetValueOrDefault("problems") as IReadOnlyList<OriginProblem>
        ?? [.. outcome.Reasons.Select(r => new OriginProblem(null, null, r.Code, r.Detail))];
}
