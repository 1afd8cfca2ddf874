using System.Globalization;
using System.Text.RegularExpressions;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
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

    public static async Task<IResult> HandleAsync(HttpRequest request, IInboundPipeline pipeline, StaffScope scope, TimeProvider time, CancellationToken ct)
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

        var outcome = await pipeline.HandleAsync(
            new InboundMessage(ApplyTagStockSheet.SourceName, ApplyTagStockSheet.MessageType, sheet.Csv, received)
            {
                Actor = scope.UserName, ActorRegion = scope.Region,
            }, ct);
        var hubId = outcome.JournalId > 0 ? outcome.JournalId.ToString(CultureInfo.InvariantCulture) : null;
        if (outcome.Verdict == InboundVerdict.Accepted && outcome.Extra?.GetValueOrDefault("summary") is StockSheetSummary done)
            return Results.Ok(new Imported(hubId!, done.Rows, done.Registered, done.Tags, done.Duplicates));
        if (outcome.Verdict == InboundVerdict.Failed)
            return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "HUB_ERROR",
                detail: "the hub failed applying the sheet; it is journaled and can be replayed",
                extensions: new Dictionary<string, object?> { ["hubId"] = hubId });

        var errors = Report(outcome.Reasons);
        var faultyRows = errors.Where(e => e.Row is not null).Select(e => e.Row).Distinct().Count();
        // Rows outside the clerk's region make the whole sheet a write outside its scope.
        var outside = errors.Any(e => e.Code == ApplyTagStockSheet.OutsideScope);
        return Results.Problem(statusCode: outside ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity,
            title: outside ? ApplyTagStockSheet.OutsideScope : "SHEET_REFUSED",
            detail: $"{errors.Count} fault(s) in {faultyRows} of {sheet.Rows} row(s); nothing was imported",
            extensions: new Dictionary<string, object?> { ["hubId"] = hubId, ["rows"] = sheet.Rows, ["errors"] = errors });
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
