using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>The background half of a large 采集表 import: the same checks and the same single write, with progress.</summary>
public static class OriginImports
{
    public const string Kind = "origin";

    public static async Task<ImportOutcome> RunAsync(IServiceProvider services, IReadOnlyList<OriginSheetRow> rows, StaffScope scope,
        DateTimeOffset now, IImportProgress progress, CancellationToken ct)
    {
        var checker = services.GetRequiredService<OriginRowChecker>();
        var store = services.GetRequiredService<OriginStore>();
        var (done, problems) = await ImportOriginSheet.ApplyAsync(rows, scope, checker, store, now, ct, onChecked: n =>
        {
            if (n == rows.Count) progress.Writing(n);
            else progress.Checked(n);
        });
        if (done is not null) return new ImportOutcome(false, done);
        var faulty = problems.Where(p => p.Row is not null).Select(p => p.Row).Distinct().Count();
        return new ImportOutcome(true, new
        {
            title = problems.Any(p => p.Code == OriginCodes.OutsideRegionScope) ? OriginCodes.OutsideRegionScope : "SHEET_REFUSED",
            detail = $"{problems.Count} fault(s) in {faulty} of {rows.Count} row(s); nothing was imported",
            rows = rows.Count,
            errors = problems,
        });
    }
}
