using System.Diagnostics;
using System.Globalization;
using EarTagTrace.Bench;
using EarTagTrace.Bench.Ledger;
using Npgsql;

// LedgerBench: the tag ledger, declarations and certificates of the hub on a province-sized ledger (1,000,000 farms,
// 1,000,000 registered ranges ≈ 100 million tags, seeded with COPY), each figure beside a bare-insert baseline measured
// in the same run at the same concurrency with bodies of the same size. Figures only; nothing is asserted.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
if (options.ConnectionString is null)
{
    Console.Error.WriteLine("ConnectionStrings__Hub is not set; run the bench through ./eartag bench LedgerBench, which starts everything.");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var ct = cts.Token;
var started = DateTimeOffset.UtcNow;
var runTag = started.ToUnixTimeSeconds().ToString("x", CultureInfo.InvariantCulture);
void Say(string line) => Console.WriteLine($"[{DateTimeOffset.UtcNow - started:mm\\:ss}] {line}");

var hubOptions = new NpgsqlConnectionStringBuilder(options.ConnectionString);
await using var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();
using var hub = new HubClient(options.Hub, options.AppKey, options.Secret);

// The baseline must exist before anything is seeded: without it no figure has anything to stand beside.
{
    var (status, _) = await hub.PostBareAsync("{\"probe\":true}"u8.ToArray(), ct);
    if (status != 200)
    {
        Console.Error.WriteLine($"POST {HubClient.BarePath} answered HTTP {status}: start the hub with Bench__BareEndpoint=true (./eartag bench does).");
        return 2;
    }
}

// Trace look-ups and the stock sheet are staff calls: the province's sandbox administrator (region 22, Jilin) covers
// every seeded county.
if (!await hub.SignInAsync("admin", "admin-sandbox", ct))
{
    Console.Error.WriteLine("could not sign in as the sandbox account admin (POST /api/auth/login)");
    return 2;
}

// ---- 1. seed ----
var jilin = await Seeder.ReadJilinAsync(dataSource, ct);
if (jilin.Count == 0)
{
    Console.Error.WriteLine("the region table has no Jilin townships (level 4, code 22…): has the hub migrated and seeded its regions?");
    return 2;
}
var generate = Stopwatch.StartNew();
var data = SeedData.Create(jilin, options.Farms, options.Ranges, options.Seed);
Say($"generated {data.FarmCount:N0} farms in {data.Townships.Length:N0} Jilin townships of {data.Counties.Length} counties, "
    + $"{data.Ranges.Length:N0} ranges ({data.TagCount:N0} tags: {data.CountyRanges.Length:N0} county-held, "
    + $"{data.Ranges.Length - data.CountyRanges.Length - data.FarmRanges.Length:N0} township-held, {data.FarmRanges.Length:N0} farm-held) "
    + $"in {generate.Elapsed.TotalSeconds:F1} s");
Say("seeding with binary COPY...");
var seeding = await new Seeder(dataSource, data, Say).RunAsync(ct);
var seedTotal = generate.Elapsed;
Say($"seeded in {seeding.Total.TotalSeconds:F1} s (COPY {seeding.Load.TotalSeconds:F1} s, indexes and constraints {seeding.Constraints.TotalSeconds:F1} s, "
    + $"vacuum/analyze {seeding.Vacuum.TotalSeconds:F1} s); {seedTotal.TotalSeconds:F1} s with generation");

var work = new Workload(data, hub, runTag);
var rows = new List<(string Figure, PhaseResult Hub, PhaseResult? Bare)>();
// The figures of ./eartag bench's table, named for the pairs that make them (hub ops/s beside bare ops/s).
var figures = new List<Figure>();
var seedBase = options.Seed;

async Task<PhaseResult> Phase(string name, int clients, Load.Operation op, TimeSpan? length = null)
{
    var result = await Load.RunAsync(name, clients, length ?? options.Phase, seedBase++, op, ct);
    Say("  " + result);
    return result;
}

// The outbox relay sends issuances and certificates on to the national platform after the answer: let it finish
// before the next phase, so each phase pays for its own background work and not the previous one's.
async Task SettleAsync()
{
    var watch = Stopwatch.StartNew();
    long last = -1;
    var still = Stopwatch.StartNew();
    while (watch.Elapsed < TimeSpan.FromSeconds(90))
    {
        await using var cmd = dataSource.CreateCommand("select count(*) from outbox where status in ('Pending', 'Queued', 'Retrying')");
        var pending = (long)(await cmd.ExecuteScalarAsync(ct))!;
        if (pending == 0) break;
        if (pending != last) { last = pending; still.Restart(); }
        else if (still.Elapsed > TimeSpan.FromSeconds(15)) { Say($"  outbox still holds {pending:N0} undelivered rows; going on"); break; }
        await Task.Delay(250, ct);
    }
    if (watch.Elapsed > TimeSpan.FromSeconds(1)) Say($"  (waited {watch.Elapsed.TotalSeconds:F1} s for the outbox to drain)");
}

// CPU per accepted message: the hub's phase is metered until the outbox has drained after it, so the delivery an
// accepted issuance or certificate causes is paid by its own phase (and not by the bare phase that follows).
var cpu = await CpuMeter.CreateAsync(dataSource, options.HubPid, ct);
Say(cpu is null ? "CPU per message: /proc not readable here, not measured" : $"CPU per message from /proc: {cpu.Describe()}");

async Task Pair(string figure, int clients, Load.Operation hubOp, Load.Operation bareOp, string? figureName = null)
{
    await SettleAsync();
    var before = cpu?.Sample();
    var h = await Phase(figure, clients, hubOp);
    await SettleAsync();
    var mid = cpu?.Sample();
    var b = await Phase(figure + " (bare)", clients, bareOp);
    var hubCpu = mid - before;
    var bareCpu = cpu?.Sample() - mid;
    var hubMs = hubCpu?.PerMessage(h.Ok);
    var bareMs = bareCpu?.PerMessage(b.Ok);
    if (hubCpu is { } hc) Say($"  CPU: hub {hc.HubMs:N0} ms + PostgreSQL {hc.PgMs:N0} ms = {hubMs:F3} ms per accepted; bare {bareMs:F3} ms per insert");
    rows.Add((figure, h, b));
    if (figureName is not null)
        figures.Add(Figure.Of(figureName, "ops/s", h.PerSecond, b.PerSecond, h.P50, h.P99, b.P99, hubMs, bareMs));
}

// ---- warm-up: every request kind, untimed ----
Say($"warm-up ({options.WarmUp.TotalSeconds:F0} s per request kind, 4 clients, not counted)...");
foreach (var (name, op) in new (string, Load.Operation)[]
{
    ("warm-up issuance", work.IssueAsync), ("warm-up bare", work.BareIssuanceAsync), ("warm-up trace", work.TraceAsync),
    ("warm-up declaration", work.DeclareAsync), ("warm-up rejected declaration", work.DeclareRejectedAsync),
    ("warm-up bare", work.BareDeclarationAsync), ("warm-up certificate", work.CertifyAsync),
})
    await Phase(name, 4, op, options.WarmUp);

// ---- 2. first issuances county → own township ----
Say("first issuances (一次发放), each a distinct half of a county-held range...");
await Pair("issuance county->township", 1, work.IssueAsync, work.BareIssuanceAsync);
await Pair("issuance county->township", 16, work.IssueAsync, work.BareIssuanceAsync, "issuance_c16");

// ---- 3. trace ----
Say("trace look-ups of random registered tags...");
await Pair("trace GET /api/tags/{ebh}/trace", 16, work.TraceAsync, work.BareTraceAsync, "trace_c16");

// ---- 4. declarations ----
Say("declarations of 1–200 tags, valid (accepted)...");
foreach (var clients in new[] { 1, 16, 64 })
    await Pair("declaration accepted (1-200 tags)", clients, work.DeclareAsync, work.BareDeclarationAsync, $"declaration_c{clients}");
Say("declarations naming tags the county still holds (rejected, TAG_NOT_IN_TOWNSHIP_STOCK)...");
await Pair("declaration rejected (1-200 tags)", 16, work.DeclareRejectedAsync, work.BareRejectedAsync);

// ---- 5. certificates on accepted declarations ----
Say($"certificates on the {work.AcceptedDeclarations:N0} accepted declarations...");
await Pair("certificate B on accepted decl.", 16, work.CertifyAsync, work.BareCertificateAsync, "certificate_c16");
await SettleAsync();

// ---- 7. stock sheet import ----
SheetBench.Result? sheet = null;
var hubProcess = HubMemory.Find(options.HubPid, options.Hub.Port);
// The hub's peak RSS since it started (every load phase), read before the sheet import resets the peak.
var loadPeak = hubProcess?.Memory();
if (options.Sheet)
{
    Say($"stock sheet import of {options.SheetRows:N0} rows (hub pid {hubProcess?.Pid.ToString(CultureInfo.InvariantCulture) ?? "not found"})...");
    sheet = await SheetBench.RunAsync(hub, hubProcess, dataSource, data, options.SheetRows, cpu, Say, ct);
}

// ---- results ----
await using var versionConnection = await dataSource.OpenConnectionAsync(ct);
var table = new ResultTable($"LedgerBench {started:yyyy-MM-dd HH:mm:ss}Z  scale={options.Scale.ToString(CultureInfo.InvariantCulture)} "
    + $"phase={options.Phase.TotalSeconds:F0}s seed={options.Seed}  {Environment.ProcessorCount} cores, PostgreSQL {versionConnection.PostgreSqlVersion}");
table.Line("hub Npgsql settings", $"No Reset On Close={hubOptions.NoResetOnClose}; Max Auto Prepare={hubOptions.MaxAutoPrepare}"
    + " (ConnectionStrings__Hub as ./eartag gave it; EARTAG_HUB_PG_OPTIONS changes it)");
await using (var jit = new NpgsqlCommand("select current_setting('jit')", versionConnection))
{
    // The hub's own sessions may differ: it turns JIT off itself unless its connection string sets Options
    // (src/Hub/Persistence/PersistenceExtensions.cs), so this reads a session of the same connection string.
    var serverJit = (string)(await jit.ExecuteScalarAsync(ct))!;
    table.Line("PostgreSQL jit", $"{serverJit} in a session of this connection string; hub: "
        + (string.IsNullOrEmpty(hubOptions.Options) ? "its own default (off unless Options is set)" : $"Options={hubOptions.Options}"));
}
table.Line("seed: farms", $"{data.FarmCount:N0} in {data.Townships.Length:N0} Jilin townships, all complete, Active, QR token, pig stock");
table.Line("seed: registered ranges", $"{data.Ranges.Length:N0} = {data.TagCount:N0} tags in {data.Counties.Length} counties: "
    + $"{data.CountyRanges.Length:N0} county-held, {data.Ranges.Length - data.CountyRanges.Length - data.FarmRanges.Length:N0} first-issued to townships, "
    + $"{data.FarmRanges.Length:N0} second-issued to farms ({SeedData.FarmRangeSize} tags each)");
table.Line("seed: time", $"{seedTotal.TotalSeconds:F1} s total = generate {(seedTotal - seeding.Total).TotalSeconds:F1} s + COPY {seeding.Load.TotalSeconds:F1} s "
    + $"+ indexes/constraints {seeding.Constraints.TotalSeconds:F1} s + vacuum/analyze {seeding.Vacuum.TotalSeconds:F1} s + rest");
table.Line("used", $"{work.IssuancesUsed:N0} county ranges issued, {work.FarmRangesUsed:N0} farm ranges declared, "
    + $"{work.AcceptedDeclarations:N0} declarations accepted");
foreach (var (figure, h, b) in rows) table.Add(figure, h, b);
table.Note("bare = POST /bench/bare-insert (the raw body inserted into bench_raw with the hub's NpgsqlDataSource, nothing else) at the same");
table.Note("concurrency, with bodies of the same kind and size; ratio = hub/bare (ops/s: below 1 is slower; latency: above 1 is slower).");
table.Note("Operations counted in 'hub ops' are the expected outcome (accepted; for the rejected row, rejected). All on one 2-core box:");
table.Note("bench client, hub and PostgreSQL share the cores, so compare ratios, not absolute figures, across runs.");
if (sheet is { } s)
{
    table.Line("sheet import: rows / tags / xlsx", $"{s.Rows:N0} rows, {s.Tags:N0} tags, {s.XlsxBytes / 1024.0 / 1024.0:F1} MB");
    table.Line("sheet import: answer", $"HTTP {s.Status} in {s.Import.TotalSeconds:F1} s ({s.Rows / s.Import.TotalSeconds:N0} rows/s)"
        + (s.Status == 200 ? "" : $"  {s.Answer}"));
    table.Line("sheet import: hub memory", s.Before is { } mb && s.After is { } ma
        ? $"RSS {SheetBench.Mb(mb.RssKb)} before, {SheetBench.Mb(ma.RssKb)} after; peak during import {SheetBench.Mb(ma.PeakKb)}"
          + (s.PeakWasReset ? $" (VmHWM reset before the import; +{SheetBench.Mb(ma.PeakKb - mb.RssKb)} over the RSS before)" : " (VmHWM since hub start: could not reset it)")
        : "not read (hub pid unknown or /proc not readable)");
    table.Line("baseline: COPY same rows", $"{s.CopyRows:N0} rows into bench_sheet_copy in {s.Copy.TotalSeconds:F2} s ({s.CopyRows / s.Copy.TotalSeconds:N0} rows/s)");
    table.Line("ratio import/COPY (time)", $"{s.Import.TotalSeconds / s.Copy.TotalSeconds:F1}x");
}
else table.Line("sheet import", "skipped (--sheet off)");

Console.WriteLine();
Console.Write(table);
Console.WriteLine($"written to {table.Save(started)}");

// The sheet's figure is one import: rows/s beside COPY's rows/s, and its one time as both p50 and p99.
if (sheet is { Status: 200 } imported)
{
    figures.Add(Figure.Of($"stock_sheet_{SheetName(imported.Rows)}", "rows/s", imported.Rows / imported.Import.TotalSeconds,
        imported.CopyRows / imported.Copy.TotalSeconds, imported.Import.TotalMilliseconds, imported.Import.TotalMilliseconds,
        imported.Copy.TotalMilliseconds, imported.ImportCpu?.PerMessage(imported.Rows), imported.CopyCpu?.PerMessage(imported.CopyRows)));
}
// hub_rss_mb: the hub's peak resident memory over the whole run (load phases and sheet import) beside the 400 MB limit.
const double HubRssLimitMb = 400;
var peakKb = Math.Max(loadPeak?.PeakKb ?? 0, sheet?.After?.PeakKb ?? hubProcess?.Memory()?.PeakKb ?? 0);
if (peakKb > 0)
    figures.Add(Figure.Of("hub_rss_mb", "MB", peakKb / 1024.0, HubRssLimitMb));
// Declarations first, as the table of ./eartag bench lists them; the phases ran in the order their data needs.
string[] order = ["declaration_c1", "declaration_c16", "declaration_c64", "issuance_c16", "certificate_c16", "trace_c16"];
var ordered = figures.OrderBy(f => Array.IndexOf(order, f.Name) is var i and >= 0 ? i : order.Length).ToList();
Console.WriteLine($"figures written to {BenchResults.WriteFigures("LedgerBench", ordered)}");
return 0;

// 100000 → "100k": the figure's name says the sheet's size, so a smaller sheet is never read as the 100k figure.
static string SheetName(int rows) => rows % 1000 == 0 ? $"{rows / 1000}k" : rows.ToString(CultureInfo.InvariantCulture);
