using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Imports;
using EarTagTrace.Hub.Inbound;
using Microsoft.AspNetCore.Mvc;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// The background half of a large 采集表 import: the same message through the same pipeline. Its rows are checked inside
/// the one journaled transaction, so the progress goes from read to writing at the end, as for the stock sheet.
/// </summary>
public static class OriginImports
{
    public const string Kind = "origin";

    public static async Task<ImportOutcome> RunAsync(IServiceProvider services, InboundMessage message, int rows, IImportProgress progress,
        CancellationToken ct)
    {
        var outcome = await services.GetRequiredService<InboundPipeline>().HandleAsync(message, services.GetRequiredService<ApplyOriginSheet>(), ct);
        progress.Writing(rows);
        await ImportOriginSheet.CheckOnlineAsync(outcome, services.GetRequiredService<OnlineChecks>(), ct);
        var answer = ImportOriginSheet.Answer(outcome, rows);
        if (answer is not ProblemDetails problem) return new ImportOutcome(false, answer);
        return new ImportOutcome(true, new
        {
            title = problem.Title, detail = problem.Detail, rows, hubId = problem.Extensions.TryGetValue("hubId", out var hubId) ? hubId : null,
            errors = problem.Extensions.TryGetValue("errors", out var errors) ? errors : null,
        });
    }
}
