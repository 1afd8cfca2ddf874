using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Bench;
using EarTagTrace.Bench.Trace;
using Npgsql;

// TraceBench: a 30-day, depth-2 outbreak trace (POST /api/traces) from a random tag, beside the bare recursive SQL query
// of the same walk (the tag's farms, their certificates into other farms up to the depth, each farm's tags) sent
// straight to PostgreSQL by the same number of clients in the same run. The ratio is what the hub adds: stays and
// co-residents per period, tags turning up without a certificate, region scope, the task list, storing and auditing.
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
async Task<(OpResult, string?)?> HubTrace(Random rng, CancellationToken token)
{
    using var response = await http.PostAsJsonAsync("/api/traces", new { start = RandomTag(rng), days = options.Days, depth = options.Depth }, token);
    if ((int)response.StatusCode != 201) return (OpResult.Failed, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
    var body = await response.Content.ReadFromJsonAsync<JsonObject>(token);
    Interlocked.Add(ref places, body!["places"]!.AsArray().Count);
    Interlocked.Increment(ref traces);
    return (OpResult.Ok, null);
}

// The bare walk: the tag's farms (issued there, or certified into one in the window), then certificates out of each
// farm in the window into registered farms, up to the depth; for every farm its tags (co-residents) and certificates.
const string BareSql = """
    with recursive start_farm(farm) as (
      select i.receiver_code from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id
      where x.tag_range @> @t and i.receiver_type = 'Farm'
      union
      select c.destination_farm_code from tag_event e join certificate c on c.number = e.ref_id
      where e.kind = 'Used' and e.tags @> @t and c.destination_farm_code is not null and c.issued_at >= @from
    ),
    walk(farm, hop) as (
      select farm, 0 from start_farm
      union
      select c.destination_farm_code, w.hop + 1 from walk w join certificate c on c.farm_code = w.farm
      where w.hop < @depth and c.issued_at >= @from and c.destination_farm_code is not null
    ),
    place as (select farm, min(hop) as hop from walk group by farm)
    select p.farm, p.hop, f.name, f.contact_name, f.phone, f.address,
           (select range_agg(x.tag_range) from tag_issuance i join tag_issuance_range x on x.issuance_id = i.id
            where i.receiver_code = p.farm and i.receiver_type = 'Farm') as tags,
           (select array_agg(c.number) from certificate c where c.farm_code = p.farm and c.issued_at >= @from) as certificates
    from place p left join farm f on f.code = p.farm
    """;
async Task<(OpResult, string?)?> BareTrace(Random rng, CancellationToken token)
{
    await using var cmd = data.CreateCommand(BareSql);
    cmd.Parameters.AddWithValue("t", long.Parse(RandomTag(rng), CultureInfo.InvariantCulture));
    cmd.Parameters.AddWithValue("from", DateTimeOffset.UtcNow.AddDays(-options.Days));
    cmd.Parameters.AddWithValue("depth", options.Depth);
    await using var reader = await cmd.ExecuteReaderAsync(token);
    while (await reader.ReadAsync(token)) for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
    return (OpResult.Ok, null);
}

Say($"warming up ({options.WarmUp.TotalSeconds:F0} s), then {options.Phase.TotalSeconds:F0} s each with {options.Clients} clients: hub traces, then the bare SQL walk...");
await Load.RunAsync("warm-up", options.Clients, options.WarmUp, options.Seed, HubTrace, ct);
await Load.RunAsync("warm-up", options.Clients, TimeSpan.FromSeconds(1), options.Seed, BareTrace, ct);
places = traces = 0;
// CPU per trace (hub + PostgreSQL, from /proc) of each phase: the figure that holds on a shared, noisy machine.
var cpu = await CpuMeter.CreateAsync(data, null, ct);
Say(cpu is null ? "CPU per trace: /proc not readable here, not measured" : $"CPU per trace from /proc: {cpu.Describe()}");
var before = cpu?.Sample();
var hub = await Load.RunAsync("outbreak_trace", options.Clients, options.Phase, options.Seed, HubTrace, ct);
var mid = cpu?.Sample();
var bare = await Load.RunAsync("outbreak_trace (SQL)", options.Clients, options.Phase, options.Seed, BareTrace, ct);
var hubCpu = mid - before;
var bareCpu = cpu?.Sample() - mid;
var hubMs = hubCpu?.PerMessage(hub.Ok);
var bareMs = bareCpu?.PerMessage(bare.Ok);
Say("  " + hub);
Say("  " + bare);
if (hubCpu is { } hc)
    Say($"  CPU: hub {hc.HubMs:N0} ms + PostgreSQL {hc.PgMs:N0} ms = {hubMs:F3} ms per trace; bare walk {bareMs:F3} ms per walk"
        + $" (hub {bareCpu?.HubMs:N0} ms, idle, + PostgreSQL {bareCpu?.PgMs:N0} ms)");
Say($"  {(traces > 0 ? (double)places / traces : 0):F1} places per trace on average");
if (hub.Failed > 0 || bare.Failed > 0)
{
    Console.Error.WriteLine($"failures: hub {hub.Failed} ({hub.FirstError}), SQL {bare.Failed} ({bare.FirstError})");
    return 1;
}
var figures = new List<Figure> { Figure.Of("outbreak_trace", "traces/s", hub.PerSecond, bare.PerSecond, hub.P50, hub.P99, bare.P99, hubMs, bareMs) };
Say($"figures written to {BenchResults.WriteFigures("TraceBench", figures)}");
return 0;
