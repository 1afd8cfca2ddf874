using System.Globalization;
using System.Text.Json;
using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Scheduling;

/// <summary>
/// Pulls the registry's farms incrementally (GET /openapi/yzc/list, ordered by gxsj). The cursor (gxsjStart, page) is
/// saved after every page the pipeline committed, so a restart resumes where it stopped and a page that failed is
/// asked for again, never skipped. gxsjStart is inclusive: records at the boundary come twice and change nothing.
/// </summary>
public sealed class FarmRegistryPuller(
    IFarmRegistryApi api,
    IFarmRegistryRules rules,
    IServiceScopeFactory scopes,
    IOptions<FarmRegistryOptions> options,
    TimeProvider time,
    ILogger<FarmRegistryPuller> log)
{
    public const string CursorName = "farm-registry/yzc-list";
    /// <summary>The registry's beginning of time: the first pull takes everything.</summary>
    public const string Epoch = "1970-01-01 00:00:00";

    public sealed record PullResult(int Pages, int Rows, bool Completed, string? Error);

    public async Task<PullResult> RunOnceAsync(CancellationToken ct, int maxPages = int.MaxValue)
    {
        var pageSize = options.Value.PageSize;
        int pages = 0, rows = 0;
        while (pages < maxPages)
        {
            var cursor = await LoadCursorAsync(ct);
            var since = cursor.Since ?? Epoch;
            string raw;
            try
            {
                raw = await api.ListFarmsAsync(since, cursor.Page, pageSize, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Registry page {Page} since {Since} failed; the next run asks for it again", cursor.Page, since);
                return new PullResult(pages, rows, false, e.GetBaseException().Message);
            }

            var outcome = await rules.FarmPullPage.ApplyAsync(
                new InboundMessage(rules.FarmPullPage.Source, rules.FarmPullPage.Type, raw, time.GetUtcNow()), ct);
            if (!outcome.Accepted)
            {
                var reasons = string.Join("; ", outcome.Reasons.Select(r => $"{r.Code} {r.Path} {r.Detail}"));
                log.LogWarning("Registry page {Page} since {Since} refused (journal {JournalId}): {Reasons}", cursor.Page, since, outcome.JournalId, reasons);
                return new PullResult(pages, rows, false, $"page refused, journal {outcome.JournalId}: {reasons}");
            }

            pages++;
            var (count, lastGxsj) = ReadPage(raw);
            rows += count;
            if (count < pageSize)
            {
                // Caught up: next time start from the newest record seen (inclusive), page 1.
                await SaveCursorAsync(Max(since, lastGxsj), 1, ct);
                return new PullResult(pages, rows, true, null);
            }
            // Move the window forward whenever the page ended later than it started: pages are then counted from
            // the new start, which keeps working when records change (and move to the end) between two pages.
            if (lastGxsj is not null && string.CompareOrdinal(lastGxsj, since) > 0)
                await SaveCursorAsync(lastGxsj, 1, ct);
            else
                await SaveCursorAsync(since, cursor.Page + 1, ct);
        }
        return new PullResult(pages, rows, false, null);
    }

    private static (int Count, string? LastGxsj) ReadPage(string raw)
    {
        using var doc = JsonDocument.Parse(raw);
        var rows = doc.RootElement.GetProperty("data").GetProperty("rows");
        var count = rows.GetArrayLength();
        return (count, count == 0 ? null : rows[count - 1].GetProperty("gxsj").GetString());
    }

    private static string Max(string a, string? b) => b is not null && string.CompareOrdinal(b, a) > 0 ? b : a;

    private async Task<SyncCursor> LoadCursorAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        return await db.SyncCursors.AsNoTracking().FirstOrDefaultAsync(c => c.Name == CursorName, ct)
            ?? new SyncCursor { Name = CursorName, Since = null, Page = 1 };
    }

    private async Task SaveCursorAsync(string since, int page, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var cursor = await db.SyncCursors.FirstOrDefaultAsync(c => c.Name == CursorName, ct);
        if (cursor is null) db.SyncCursors.Add(cursor = new SyncCursor { Name = CursorName });
        cursor.Since = since;
        cursor.Page = page;
        cursor.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }
}
