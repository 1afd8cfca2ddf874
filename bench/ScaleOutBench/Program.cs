using System.Diagnostics;
using System.Globalization;
using EarTagTrace.Bench;
using EarTagTrace.Simulator.Load;
using EarTagTrace.Simulator.Registry;

// ScaleOutBench: registry records pushed through 1..N hubs that share one database (and, with N > 1 or
// Messaging__Transport=RabbitMq, one RabbitMQ node), the load spread over the hubs; then the time until the national
// platform holds every farm, and the CPU the hub processes spent per 1,000 records. The launcher starts the hubs;
// this only measures. Counts and times only; nothing is asserted.
string name = "registry_push", drainName = "";
int count = 10_000, batch = 500, concurrency = 6, seed = 20260601;
var hubs = new List<Uri>();
var pids = new List<int>();
Uri national = new("http://127.0.0.1:5083");
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var value = args[i + 1];
    switch (args[i])
    {
        case "--name": name = value; break;
        case "--drain-name": drainName = value; break;
        case "--count": count = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--batch": batch = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--hub": hubs.Insert(0, new Uri(value)); break;
        case "--hubs": hubs = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList(); break;
        case "--pids": pids = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList(); break;
        case "--national": national = new Uri(value); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
// ./eartag bench exports every hub it started (EARTAG_BENCH_HUB_URLS, EARTAG_BENCH_HUB_PIDS, comma-separated).
if (Environment.GetEnvironmentVariable("EARTAG_BENCH_HUB_URLS") is { Length: > 0 } urls && !args.Contains("--hubs"))
    hubs = urls.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList();
if (Environment.GetEnvironmentVariable("EARTAG_BENCH_HUB_PIDS") is { Length: > 0 } pidList && !args.Contains("--pids"))
    pids = pidList.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Hub");
if (string.IsNullOrEmpty(connectionString) || hubs.Count == 0)
{
    Console.Error.WriteLine("run through ./eartag bench ScaleOutBench, which starts the hubs and sets ConnectionStrings__Hub");
    return 2;
}
hubs = hubs.Distinct().ToList();
var appKey = Environment.GetEnvironmentVariable("Partners__FarmRegistry__AppKey") is { Length: > 0 } k ? k : "fr-sandbox";
var secret = Environment.GetEnvironmentVariable("Partners__FarmRegistry__Secret") is { Length: > 0 } s ? s : "fr-sandbox-secret";
using var cts = new CancellationTokenSource();
var ct = cts.Token;

var anchor = new DateTimeOffset(2026, 6, 1, 0, 0, 0, FarmDatasetGenerator.Cst);
var records = FarmDatasetGenerator.Create(count, seed, anchor);
var codes = records.Select(r => r["yzcbm"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
// Batches dealt round-robin to the hubs, each hub with its share of the clients: the same total load whatever N.
var shares = hubs.Select((_, h) => records.Chunk(batch).Where((_, b) => b % hubs.Count == h).SelectMany(x => x).ToList()).ToList();
var perHub = Math.Max(1, concurrency / hubs.Count);
Console.WriteLine($"{name}: {records.Count:N0} records ({codes.Count:N0} farms) over {hubs.Count} hub(s), {perHub} client(s) each; hub pids {string.Join(",", pids)}");

var cpuBefore = CpuSeconds(pids);
var clock = Stopwatch.StartNew();
var pushes = await Task.WhenAll(hubs.Select((hub, h) =>
    FarmPushLoadGenerator.RunAsync(hub, shares[h], batch, perHub, appKey, secret, ct)));
var pushElapsed = clock.Elapsed;
long accepted = pushes.Sum(p => p.AcceptedRecords);
var acceptedPerSecond = accepted / pushElapsed.TotalSeconds;
Console.WriteLine($"accepted {accepted:N0} in {pushElapsed.TotalSeconds:F1} s ({acceptedPerSecond:N0}/s); refused batches {pushes.Sum(p => p.RefusedBatches)}, failed {pushes.Sum(p => p.FailedBatches)}");

var outcome = await new NationalReceipts(national).WaitForAsync(codes, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), clock, _ => { }, ct);
var endToEnd = pushElapsed + outcome.Elapsed;
var cpu = CpuSeconds(pids) - cpuBefore;
var drainPerSecond = outcome.Complete ? codes.Count / endToEnd.TotalSeconds : double.NaN;
Console.WriteLine($"national holds {outcome.Held:N0} of {codes.Count:N0} ({outcome.Stop}) {endToEnd.TotalSeconds:F1} s after the first push: {drainPerSecond:N0} farms/s");
Console.WriteLine($"hub CPU (user+system, {pids.Count} process(es)): {cpu:F1} s, {cpu / (records.Count / 1000.0):F3} s per 1,000 records");

var copy = await FarmCopyBench.RunAsync(connectionString, records, ct);
var copyPerSecond = copy.Rows / copy.Elapsed.TotalSeconds;
Console.WriteLine($"COPY baseline: {copyPerSecond:N0} rows/s");

// Batch latencies of all hubs together.
var all = pushes.SelectMany(p => p.AcceptedBatchMs).Order().ToArray();
double Pct(double p) => all.Length == 0 ? double.NaN : all[Math.Clamp((int)Math.Ceiling(p * all.Length) - 1, 0, all.Length - 1)];
var figures = new List<Figure>
{
    Figure.Of(name, "records/s", acceptedPerSecond, copyPerSecond, Pct(0.50), Pct(0.99)),
};
if (drainName.Length > 0)
    figures.Add(Figure.Of(drainName, "farms/s", drainPerSecond, copyPerSecond));
// CPU has no COPY counterpart worth the name (COPY's CPU is PostgreSQL's): the baseline stays empty.
figures.Add(Figure.Of(name + "_cpu_s_per_1k", "CPU s per 1,000 records", pids.Count > 0 ? cpu / (records.Count / 1000.0) : null, null));
Console.WriteLine($"figures written to {BenchResults.WriteFigures("ScaleOutBench-" + name, figures)}");
return 0;

// utime + stime of each process and its descendants (/proc/<pid>/stat fields 14 and 15, in clock ticks; 100 per second
// on Linux), so a hub started through a wrapper is counted whole.
static double CpuSeconds(IReadOnlyList<int> roots)
{
    var stats = new Dictionary<int, (int Parent, long Ticks)>();
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
        try
        {
            var text = File.ReadAllText(Path.Combine(dir, "stat"));
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            stats[pid] = (int.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
    var wanted = new HashSet<int>(roots);
    for (var grew = true; grew;)
    {
        grew = false;
        foreach (var (pid, (parent, _)) in stats)
            if (wanted.Contains(parent) && wanted.Add(pid)) grew = true;
    }
    return wanted.Sum(p => stats.TryGetValue(p, out var st) ? st.Ticks : 0) / 100.0;
}
