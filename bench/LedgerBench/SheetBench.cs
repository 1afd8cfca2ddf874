using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.TagStockSheet;
using EarTagTrace.Mappings.Canonical;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Bench.Ledger;

/// <summary>
/// 库存耳标登记表 import: a sheet of N new ranges (written with the hub's own <see cref="StockSheetWriter"/>) posted to
/// POST /api/tag-stock/import, timed, with the hub process's peak resident memory during the import; beside it the
/// same rows binary-COPYed into a scratch table.
/// </summary>
public static class SheetBench
{
    public sealed record Result(
        int Rows, long Tags, long XlsxBytes, int Status, string Answer, TimeSpan Import,
        (long RssKb, long PeakKb)? Before, (long RssKb, long PeakKb)? After, bool PeakWasReset,
        long CopyRows, TimeSpan Copy, CpuSample? ImportCpu = null, CpuSample? CopyCpu = null);

    private static readonly DateTimeOffset RegisteredAt = new(2026, 6, 1, 1, 0, 0, TimeSpan.Zero);

    public static List<(string County, string? Box, string? Pack, long First, long Last)> Rows(SeedData data, int count)
    {
        var rng = new Random(data.Seed + 7);
        var cursor = new long[data.Counties.Length];
        Array.Fill(cursor, SeedData.SheetSerialBase);
        var rows = new List<(string, string?, string?, long, long)>(count);
        for (var i = 0; i < count; i++)
        {
            var c = rng.Next(data.Counties.Length);
            var size = rng.Next(40, 141);
            var first = SeedData.Tag(data.Counties[c], cursor[c]);
            cursor[c] += size;
            rows.Add((data.Counties[c], "S" + (i / 10 + 1).ToString("D6", CultureInfo.InvariantCulture),
                "B" + (i % 10 + 1).ToString("D2", CultureInfo.InvariantCulture), first, first + size - 1));
        }
        return rows;
    }

    public static async Task<Result> RunAsync(HubClient hub, HubMemory? process, NpgsqlDataSource dataSource, SeedData data, int count,
        CpuMeter? cpu, Action<string> say, CancellationToken ct)
    {
        var rows = Rows(data, count);
        var tags = rows.Sum(r => r.Last - r.First + 1);
        var file = Path.Combine(Path.GetTempPath(), $"ledgerbench-{Environment.ProcessId}.xlsx");
        try
        {
            await using (var stream = File.Create(file))
                StockSheetWriter.Write(stream, rows.Select(r => StockSheetRow.Of(r.County, r.Box, r.Pack, new TagRange(r.First, r.Last), RegisteredAt)));
            var bytes = new FileInfo(file).Length;
            say($"  wrote a {rows.Count:N0}-row sheet ({bytes / 1024.0 / 1024.0:F1} MB xlsx, {tags:N0} tags)");

            // Let the hub's GC settle after the load phases, then start the peak over from the current RSS.
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var reset = process?.ResetPeak() ?? false;
            var before = process?.Memory();

            var cpuBefore = cpu?.Sample();
            var watch = Stopwatch.StartNew();
            int status;
            string answer;
            await using (var body = File.OpenRead(file))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tag-stock/import") { Content = new StreamContent(body) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(StockSheetWriter.ContentType);
                using var response = await hub.SendRawAsync(request, ct);
                status = (int)response.StatusCode;
                answer = await response.Content.ReadAsStringAsync(ct);
            }
            // A large sheet is imported in the background: 202 with the import's address, followed here until it is
            // done (200), refused or failed (422), so the time is the whole import's, as for a sheet answered at once.
            if (status == 202 && JsonNode.Parse(answer)?["status"]?.GetValue<string>() is { } progress)
            {
                say($"  import accepted for the background ({answer}); following {progress}");
                while (true)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
                    using var poll = new HttpRequestMessage(HttpMethod.Get, progress);
                    using var polled = await hub.SendRawAsync(poll, ct);
                    var view = await polled.Content.ReadAsStringAsync(ct);
                    var state = polled.IsSuccessStatusCode ? JsonNode.Parse(view)?["state"]?.GetValue<string>() : null;
                    if (state is "checking" or "writing") continue;
                    status = state == "done" ? 200 : 422;
                    answer = view;
                    break;
                }
            }
            watch.Stop();
            var importCpu = cpu?.Sample() - cpuBefore;
            var after = process?.Memory();
            if (answer.Length > 400) answer = answer[..397] + "...";
            say($"  import answered HTTP {status} in {watch.Elapsed.TotalSeconds:F1} s: {answer}");

            var (copied, copyTime, copyCpu) = await CopyAsync(dataSource, rows, cpu, ct);
            return new Result(rows.Count, tags, bytes, status, answer, watch.Elapsed, before, after, reset, copied, copyTime, importCpu, copyCpu);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The baseline: the same rows, parsed, binary-COPYed into bench_sheet_copy (a scratch table, not the ledger).</summary>
    private static async Task<(long, TimeSpan, CpuSample?)> CopyAsync(NpgsqlDataSource dataSource, List<(string County, string? Box, string? Pack, long First, long Last)> rows,
        CpuMeter? cpu, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using (var create = new NpgsqlCommand("""
            create table if not exists bench_sheet_copy (
                county_code text not null, box text, pack text, tag_range int8range not null, count bigint not null,
                registered_at timestamptz not null, source text not null);
            truncate bench_sheet_copy;
            """, conn))
            await create.ExecuteNonQueryAsync(ct);
        // An untimed pass first so the timed one measures COPY, not the JIT.
        await CopyRowsAsync(conn, rows.Take(1000), ct);
        await using (var truncate = new NpgsqlCommand("truncate bench_sheet_copy", conn))
            await truncate.ExecuteNonQueryAsync(ct);
        var cpuBefore = cpu?.Sample();
        var watch = Stopwatch.StartNew();
        var copied = await CopyRowsAsync(conn, rows, ct);
        return (copied, watch.Elapsed, cpu?.Sample() - cpuBefore);
    }

    private static async Task<long> CopyRowsAsync(NpgsqlConnection conn, IEnumerable<(string County, string? Box, string? Pack, long First, long Last)> rows, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync(
            "copy bench_sheet_copy (county_code, box, pack, tag_range, count, registered_at, source) from stdin (format binary)", ct);
        foreach (var r in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(r.County, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.Box, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.Pack, NpgsqlDbType.Text, ct);
            await w.WriteAsync(new NpgsqlRange<long>(r.First, true, r.Last + 1, false), NpgsqlDbType.Range | NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.Last - r.First + 1, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(RegisteredAt, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync("sheet", NpgsqlDbType.Text, ct);
        }
        return (long)await w.CompleteAsync(ct);
    }

    public static string Mb(long kb) => (kb / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";

}
