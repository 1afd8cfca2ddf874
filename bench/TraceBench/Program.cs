using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Bench;
using EarTagTrace.Bench.Trace;
using Npgsql;

// TraceBench: a 30-day, depth-2 outbreak trace (POST /api/traces) from a random tag, beside the bare SQL walk of the
// same trace (BareWalk.FullSql: the same places, hops and co-residents, one recursive statement) sent straight to
// PostgreSQL by the same number of clients in the same run. Before the timed phases, --check tags are traced both ways
// and must agree: a baseline that does less than the answer needs would make the ratio meaningless. The ratio is what
// the hub adds: authentication and the account check, region scope, the view and task list, JSON, storing, auditing.
BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (ArgumentException e) { Console.Error.WriteLine(e.Message); return 2; }
if (options.ConnectionString is null)
{
    Console.Error.WriteLine("ConnectionStrings__Hub is not set; run the bench through ./eartag bench TraceBench.");
    return 2;
}

var ct = CancellationToken.None;
var started = DateTimeOffset.UtcNow;
void Say(string line) => Console.WriteLine($"[{DateTimeOffset.UtcNow - started:mm\\:ss}] {line}");
await using var data = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();

using var http = new HttpClient { BaseAddress = options.Hub, Timeout = TimeSpan.FromMinutes(2) };
var login = await http.PostAsJsonAsync("/api/auth/login", new { username = "vet", password = "vet-sandbox-22" }, ct);
if (!login.IsSuccessStatusCode) { Console.Error.WriteLine($"login as vet: HTTP {(int)login.StatusCode}"); return 2; }
var token = (await login.Content.ReadFromJsonAsync<JsonObject>(ct))!["accessToken"]!.GetValue<string>();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

Say($"seeding {options.Farms:N0} farms and {options.Farms * (long)BenchOptions.TagsPerFarm:N0} tags (scale {options.Scale})...");
var world = await Seeder.SeedAsync(data, options, Say, ct);

string RandomTag(Random rng)
{
    var farm = rng.Next(world.Farms);
    return (world.FirstTag[farm] + rng.Next(BenchOptions.TagsPerFarm)).ToString("D15", CultureInfo.InvariantCulture);
}

long places = 0, traces = 0;
async Task<JsonObject> HubTraceAsync(string tag, CancellationToken token)
{
    using var response = await http.PostAsJsonAsync("/api/traces", new { start = tag, days = options.Days, depth = options.Depth }, token);
    if ((int)response.StatusCode != 201) throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
    return (await response.Content.ReadFromJsonAsync<JsonObject>(token))!;
}
async Task<(OpResult, string?)?> HubTrace(Random rng, CancellationToken token)
{
    // A refusal throws HttpRequestException, which the load counts as a failure with its message.
    var body = await HubTraceAsync(RandomTag(rng), token);
    Interlocked.Add(ref places, body["places"]!.AsArray().Count);
    Interlocked.Increment(ref traces);
    return (OpResult.Ok, null);
}

// The full walk runs on prepared, generically planned statements, as the hub's hop statement does.
await using var prepared = BareWalk.Prepared(options.ConnectionString);
await using var unprepared = BareWalk.Unprepared(options.ConnectionString);
async Task<(OpResult, string?)?> FullTrace(Random rng, CancellationToken token)
{
    var now = DateTimeOffset.UtcNow;
    await BareWalk.FullAsync(prepared, long.Parse(RandomTag(rng), CultureInfo.InvariantCulture), now.AddDays(-options.Days), now, options.Depth, token);
    return (OpResult.Ok, null);
}
async Task<(OpResult, string?)?> PartialTrace(Random rng, CancellationToken token)
{
    await BareWalk.PartialAsync(unprepared, long.Parse(RandomTag(rng), CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddDays(-options.Days), options.Depth, token);
    return (OpResult.Ok, null);
}

// The check: the same start tags through the hub and through the full walk, over the window the hub answered for.
if (options.Check > 0)
{
    var rng = new Random(options.Seed ^ 0x5eed);
    int agree = 0, placesCompared = 0, beyondStart = 0;
    var differences = new List<string>();
    for (var i = 0; i < options.Check; i++)
    {
        var tag = RandomTag(rng);
        var view = await HubTraceAsync(tag, ct);
        var from = view["from"]!.GetValue<DateTimeOffset>();
        var to = view["to"]!.GetValue<DateTimeOffset>();
        var hubPlaces = view["places"]!.AsArray()
            .Select(p => new WalkPlace(p!["id"]!.GetValue<string>(), p["hop"]!.GetValue<int>(), p["animals"]!.GetValue<long>()))
            .OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var barePlaces = (await BareWalk.FullAsync(prepared, long.Parse(tag, CultureInfo.InvariantCulture), from, to, options.Depth, ct))
            .OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        placesCompared += hubPlaces.Count;
        if (hubPlaces.Any(p => p.Hop > 0)) beyondStart++;
        if (hubPlaces.SequenceEqual(barePlaces)) { agree++; continue; }
        if (differences.Count < 5)
            differences.Add($"  {tag}: hub only [{BareWalk.Describe(hubPlaces.Except(barePlaces))}], bare walk only [{BareWalk.Describe(barePlaces.Except(hubPlaces))}]");
    }
    Say($"check: {agree} of {options.Check} start tags give the same places, hops and animals through the hub and the full walk"
        + $" ({placesCompared} places; {beyondStart} traces reach beyond hop 0)");
    if (agree < options.Check)
    {
        foreach (var d in differences) Console.Error.WriteLine(d);
        Console.Error.WriteLine("the hub and the full walk answer differently: no figure written");
        return 1;
    }
}
else Say("check: skipped (--check 0): the full walk's answers are not compared with the hub's in this run");

var full = options.Baseline is "full" or "both";
var partial = options.Baseline is "partial" or "both";
Say($"warming up ({options.WarmUp.TotalSeconds:F0} s), then {options.Phase.TotalSeconds:F0} s each with {options.Clients} clients: hub traces, then "
    + (options.Baseline == "both" ? "the full and the partial SQL walk" : $"the {options.Baseline} SQL walk") + "...");
await Load.RunAsync("warm-up", options.Clients, options.WarmUp, options.Seed, HubTrace, ct);
if (full) await Load.RunAsync("warm-up", options.Clients, TimeSpan.FromSeconds(3), options.Seed, FullTrace, ct);
if (partial) await Load.RunAsync("warm-up", options.Clients, TimeSpan.FromSeconds(1), options.Seed, PartialTrace, ct);
places = traces = 0;
// CPU per trace (hub + PostgreSQL, from /proc) of each phase: the figure that holds on a shared, noisy machine.
var cpu = await CpuMeter.CreateAsync(data, null, ct);
Say(cpu is null ? "CPU per trace: /proc not readable here, not measured" : $"CPU per trace from /proc: {cpu.Describe()}");
var sample = cpu?.Sample();
var hub = await Load.RunAsync("outbreak_trace", options.Clients, options.Phase, options.Seed, HubTrace, ct);
var hubCpu = cpu?.Sample() - sample;
var hubMs = hubCpu?.PerMessage(hub.Ok);
Say("  " + hub);
if (hubCpu is { } hc)
    Say($"  CPU: hub {hc.HubMs:N0} ms + PostgreSQL {hc.PgMs:N0} ms = {hubMs:F3} ms per trace");
Say($"  {(traces > 0 ? (double)places / traces : 0):F1} places per trace on average");
var figures = new List<Figure>();
var failed = hub.Failed > 0 ? $"hub {hub.Failed} ({hub.FirstError})" : null;
foreach (var (kind, op, name) in new[] { ("full", (Load.Operation)FullTrace, "outbreak_trace"), ("partial", PartialTrace, "outbreak_trace_vs_partial") })
{
    if (kind == "full" ? !full : !partial) continue;
    sample = cpu?.Sample();
    var bare = await Load.RunAsync($"outbreak_trace ({kind} SQL walk)", options.Clients, options.Phase, options.Seed, op, ct);
    var bareCpu = cpu?.Sample() - sample;
    var bareMs = bareCpu?.PerMessage(bare.Ok);
    Say("  " + bare);
    if (bareCpu is { } bc)
        Say($"  CPU: {bareMs:F3} ms per {kind} walk (hub {bc.HubMs:N0} ms, idle, + PostgreSQL {bc.PgMs:N0} ms)");
    Say($"  {name}: ratio {(bare.PerSecond > 0 ? hub.PerSecond / bare.PerSecond : 0):F3} against the {kind} walk"
        + (bareMs is { } b && hubMs is { } h ? $", CPU per trace {h / b:F2}x the walk's" : ""));
    if (bare.Failed > 0) failed = (failed is null ? "" : failed + ", ") + $"{kind} SQL walk {bare.Failed} ({bare.FirstError})";
    figures.Add(Figure.Of(name, "traces/s", hub.PerSecond, bare.PerSecond, hub.P50, hub.P99, bare.P99, hubMs, bareMs));
}
if (failed is not null)
{
    Console.Error.WriteLine($"failures: {failed}");
    return 1;
}
Say($"figures written to {BenchResults.WriteFigures("TraceBench", figures)} (outbreak_trace: against the full walk"
    + (partial ? "; outbreak_trace_vs_partial: against the partial walk)" : ")"));
return 0;
