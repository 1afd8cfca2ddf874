using System.Globalization;
using System.Text.RegularExpressions;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Imports;
using EarTagTrace.Hub.Inbound;
using Microsoft.AspNetCore.Mvc;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.TagStockSheet;

/// <summary>
/// POST /api/tag-stock/import: the sheet (xlsx or CSV) → normalized CSV → the inbound pipeline, which journals it and
/// applies every row or none. Answers 200 with what was registered, 422 with a report line per fault (row, column,
/// code, detail), 400 when the upload is not a stock sheet at all (that is not journaled: there is nothing to replay).
/// </summary>
public static partial class ImportStockSheet
{
    public sealed record Imported(string HubId, int Rows, int Registered, long Tags, int Duplicates);

    /// <param name="Row">The sheet's own row number (header = 1).</param>
    /// <param name="Column">The column's header, 县级区划代码 … 登记时间.</param>
    public sealed record ReportLine(int? Row, string? Column, string Code, string Detail);

    public static async Task<IResult> HandleAsync(HttpRequest request, InboundPipeline pipeline, ApplyTagStockSheet rule, StaffScope scope, SheetImports imports,
        IOptions<ImportOptions> importOptions, TimeProvider time, CancellationToken ct)
    {
        var received = time.GetUtcNow();
        NormalizedStockSheet sheet;
        try
        {
            await using var upload = await StockSheetUpload.OpenAsync(request, ct);
            sheet = upload.Normalize();
        }
        catch (SheetUnreadableException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: e.Code, detail: e.Message);
        }

        var message = new InboundMessage(ApplyTagStockSheet.SourceName, ApplyTagStockSheet.MessageType, sheet.Csv, received)
        {
            Actor = scope.UserName, ActorRegion = scope.Region,
        };
        // A 100,000-row sheet takes seconds to check and register (the ledger's exclusion constraints check every range):
        // past the synchronous limit it goes on in the background, and GET /api/imports/{id} says how far it is and, at
        // the end, gives this same answer.
        if (sheet.Rows > importOptions.Value.SyncRows)
        {
            var id = await imports.StartAsync(BackgroundKind, sheet.Rows, scope, received, async (_, progress, token) =>
            {
                var answer = Answer(await pipeline.HandleAsync(message, rule, token), sheet);
                progress.Writing(sheet.Rows);
                return new ImportOutcome(answer is ProblemDetails, answer);
            }, ct);
            return Results.Accepted($"/api/imports/{id}", new SheetImportStarted(id, sheet.Rows, $"/api/imports/{id}"));
        }
        return Answer(await pipeline.HandleAsync(message, rule, ct), sheet) switch
        {
            ProblemDetails problem => Results.Problem(problem),
            var done => Results.Ok(done),
        };
    }

    public const string BackgroundKind = "tag-stock";

    /// <summary>What was registered, or the problem (500 journaled failure, 403 rows outside the scope, 422 faults).</summary>
    private static object Answer(InboundOutcome outcome, NormalizedStockSheet sheet)
    {
        var hubId = outcome.JournalId > 0 ? outcome.JournalId.ToString(CultureInfo.InvariantCulture) : null;
        if (outcome.Verdict == InboundVerdict.Accepted && outcome.Extra?.GetValueOrDefault("summary") is StockSheetSummary done)
            return new Imported(hubId!, done.Rows, done.Registered, done.Tags, done.Duplicates);
        if (outcome.Verdict == InboundVerdict.Failed)
            return new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError, Title = "HUB_ERROR",
                Detail = "the hub failed applying the sheet; it is journaled and can be replayed", Extensions = { ["hubId"] = hubId },
            };

        var errors = Report(outcome.Reasons);
        var faultyRows = errors.Where(e => e.Row is not null).Select(e => e.Row).Distinct().Count();
        // Rows outside the clerk's region make the whole sheet a write outside its scope.
        var outside = errors.Any(e => e.Code == ApplyTagStockSheet.OutsideScope);
        return new ProblemDetails
        {
            Status = outside ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity,
            Title = outside ? ApplyTagStockSheet.OutsideScope : "SHEET_REFUSED",
            Detail = $"{errors.Count} fault(s) in {faultyRows} of {sheet.Rows} row(s); nothing was imported",
            Extensions = { ["hubId"] = hubId, ["rows"] = sheet.Rows, ["errors"] = errors },
        };
    }

    /// <summary>Reasons back to cells: the path says "row 17, 数量"; the registrar's reasons name only the row.</summary>
    internal static List<ReportLine> Report(IEnumerable<InboundReason> reasons) => reasons
        .Select(r =>
        {
            var match = r.Path is null ? null : PathPattern().Match(r.Path);
            int? row = match is { Success: true } ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            var column = match is { Success: true } && match.Groups[2].Success ? match.Groups[2].Value : ColumnOf(r.Code);
            return new ReportLine(row, column, r.Code, r.Detail);
        })
        .OrderBy(l => l.Row ?? 0)
        .ThenBy(l => StockSheetColumns.Match(l.Column) is { } c ? (int)c : -1)
        .ToList();

    private static string? ColumnOf(string code) => code switch
    {
        TagCodes.RegistrarUnknown => StockSheetColumns.HeaderOf(StockSheetColumn.CountyCode),
        TagCodes.TagCountyUnknown or TagCodes.RangeNotInRegistrarCounty or TagCodes.RangeOverlapsExisting or TagCodes.RangeOverlapsInMessage
            => StockSheetColumns.HeaderOf(StockSheetColumn.FirstTag),
        _ => null,
    };

    [GeneratedRegex(@"^row (\d+)(?:, (.+))?$")]
    private static partial Regex PathPattern();
}
