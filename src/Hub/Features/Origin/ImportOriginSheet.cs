using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// POST /api/origin/import: the 采集表 (xlsx or CSV) → every row checked (cells, region scope, registry farm) → all rows
/// written or none. 200 with what was created; 422 with a report line per fault {row, column, code, detail}; 400 when
/// the upload is no 采集表 at all. Coordinates may be blank: batch first, refine each point after a field visit.
/// </summary>
public static class ImportOriginSheet
{
    public sealed record Imported(int Rows, int Created, int Updated, int Unchanged, int EntitiesCreated);

    public static async Task<IResult> HandleAsync(HttpRequest request, StaffScope scope, OriginRowChecker checker, OriginStore store,
        SheetImports imports, IOptions<ImportOptions> options, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Stream content;
        try
        {
            content = await OriginSheetReader.OpenAsync(request, ct);
        }
        catch (SheetUnreadableException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: e.Code, detail: e.Message);
        }

        await using (content)
        {
            List<OriginSheetRow> rows;
            try
            {
                rows = OriginSheetReader.Read(content);
            }
            catch (SheetUnreadableException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: e.Code, detail: e.Message);
            }
            // Reading streams in a second or two even for 100,000 rows; checking and writing are what take long. A sheet
            // past the synchronous limit goes on in the background, its progress at GET /api/imports/{id}.
            if (rows.Count > options.Value.SyncRows)
            {
                var id = await imports.StartAsync(OriginImports.Kind, rows.Count, scope, now,
                    (sp, progress, token) => OriginImports.RunAsync(sp, rows, scope, now, progress, token), ct);
                return Results.Accepted($"/api/imports/{id}", new SheetImportStarted(id, rows.Count, $"/api/imports/{id}"));
            }
            return await ApplyAsync(rows, scope, checker, store, now, ct) switch
            {
                { Done: { } done } => Results.Ok(done),
                var refused => Refused(refused.Problems, rows.Count),
            };
        }
    }

    public static async Task<(Imported? Done, List<OriginProblem> Problems)> ApplyAsync(IReadOnlyList<OriginSheetRow> rows, StaffScope scope,
        OriginRowChecker checker, OriginStore store, DateTimeOffset now, CancellationToken ct, Action<int>? onChecked = null)
    {
        var (inputs, problems) = await checker.CheckAsync(rows, scope, now, ct, onChecked: onChecked);
        if (problems.Count > 0) return (null, Sorted(problems));
        var (done, duplicates) = await store.WriteAsync(inputs, scope.UserName, "import", now, ct);
        if (done is null) return (null, Sorted(duplicates));
        return (new Imported(done.Rows, done.Created, done.Updated, done.Unchanged, done.EntitiesCreated), []);
    }

    public static IResult Refused(IReadOnlyList<OriginProblem> problems, int rows)
    {
        var faulty = problems.Where(p => p.Row is not null).Select(p => p.Row).Distinct().Count();
        // A row outside the caller's region makes the whole sheet a write outside its scope, as for the stock sheet.
        var outside = problems.Any(p => p.Code == OriginCodes.OutsideRegionScope);
        return Results.Problem(statusCode: outside ? StatusCodes.Status403Forbidden : StatusCodes.Status422UnprocessableEntity,
            title: outside ? OriginCodes.OutsideRegionScope : "SHEET_REFUSED",
            detail: $"{problems.Count} fault(s) in {faulty} of {rows} row(s); nothing was imported",
            extensions: new Dictionary<string, object?> { ["rows"] = rows, ["errors"] = problems });
    }

    private static List<OriginProblem> Sorted(List<OriginProblem> problems) =>
        problems.OrderBy(p => p.Row ?? 0).ThenBy(p => OriginColumns.All.FirstOrDefault(c => c.Header == p.Column)?.Column ?? (OriginColumn)99).ToList();
}
