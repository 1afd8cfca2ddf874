using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Bench;
using EarTagTrace.Bench.Origin;
using Npgsql;

// OriginBench: the one map 一张图 of 1,000,000 origin records over Fujian's townships. Each figure stands beside a
// baseline of the same run: the 采集表 import beside COPY of the same rows; the GeoJSON, tiles and statistics beside the
// same SQL sent straight to PostgreSQL by the same number of clients, so the ratio is what the hub adds.
BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (ArgumentException e) { Console.Error.WriteLine(e.Message); return 2; }
if (options.ConnectionString is null)
{
    Console.Error.WriteLine("ConnectionStrings__Hub is not set; run the bench through ./eartag bench OriginBench.");
    return 2;
}

var ct = CancellationToken.None;
var started = DateTimeOffset.UtcNow;
void Say(string line) => Console.WriteLine($"[{DateTimeOffset.UtcNow - started:mm\\:ss}] {line}");
await using var data = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();

// The sandbox has no Fujian-wide account: in this bench's own fresh database the Anxi clerk is widened to the
// province (35), so one token reads the whole map and imports anywhere in Fujian.
await using (var widen = data.CreateCommand("update staff_account set region_code = '35' where user_name = 'anxi'"))
    if (await widen.ExecuteNonQueryAsync(ct) != 1) { Console.Error.WriteLine("no sandbox account anxi in the hub's database"); return 2; }
using var http = new HttpClient { BaseAddress = options.Hub, Timeout = TimeSpan.FromMinutes(10) };
var login = await http.PostAsJsonAsync("/api/auth/login", new { username = "anxi", password = "anxi-sandbox" }, ct);
if (!login.IsSuccessStatusCode) { Console.Error.WriteLine($"login as anxi: HTTP {(int)login.StatusCode}"); return 2; }
var token = (await login.Content.ReadFromJsonAsync<JsonObject>(ct))!["accessToken"]!.GetValue<string>();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var townships = await Seeder.FujianAsync(data, options.Seed, ct);
Say($"seeding {options.Records:N0} origin records over {townships.Count:N0} Fujian townships with binary COPY...");
var seedTime = await Seeder.SeedAsync(data, townships, options.Records, options.Seed, ct);
Say($"seeded in {seedTime.TotalSeconds:F1} s");

var results = new StringBuilder();
var figures = new List<EarTagTrace.Bench.Figure>();
void Row(string figure, string hub, string baseline, string ratio) =>
    results.AppendLine(CultureInfo.InvariantCulture, $"{figure,-44}{hub,-34}{baseline,-34}{ratio}");
Row("figure", "hub", "baseline (same run)", "hub/baseline");

// ---- 1. reads: hub vs the same SQL straight to PostgreSQL ----
var baselineMap = """
    select r.id, e.name, e.type, r.product_code, p.name, r.scale, r.unit, r.region_code, st_x(r.location::geometry), st_y(r.location::geometry), r.collected_at
    from origin_record r join origin_entity e on e.id = r.entity_id join origin_product p on p.code = r.product_code
    where r.location is not null and r.region_code like '350524%' order by r.id
    """;
var countyCount = 0L;
await using (var c = data.CreateCommand("select count(*) from origin_record where region_code like '350524%'")) countyCount = (long)(await c.ExecuteScalarAsync(ct))!;

async Task<(OpResult, string?)?> HubGet(string url)
{
    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
    return response.IsSuccessStatusCode ? (OpResult.Ok, null) : (OpResult.Failed, $"HTTP {(int)response.StatusCode} {url}");
}

async Task<(OpResult, string?)?> Sql(string sql, Action<NpgsqlCommand>? parameters = null)
{
    await using var cmd = data.CreateCommand(sql);
    parameters?.Invoke(cmd);
    await using var reader = await cmd.ExecuteReaderAsync(ct);
    while (await reader.ReadAsync(ct)) for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
    return (OpResult.Ok, null);
}

async Task Compare(string key, string figure, Load.Operation hubOp, Load.Operation baseOp)
{
    await Load.RunAsync("warm-up", options.Clients, TimeSpan.FromSeconds(2), options.Seed, hubOp, ct);
    var hub = await Load.RunAsync(figure, options.Clients, options.Phase, options.Seed, hubOp, ct);
    var bare = await Load.RunAsync(figure + " (SQL)", options.Clients, options.Phase, options.Seed, baseOp, ct);
    Say("  " + hub);
    Say("  " + bare);
    Row($"{figure} x{options.Clients}", $"{hub.PerSecond:N1}/s p99 {hub.P99:F1} ms ({hub.Failed} failed)",
        $"SQL {bare.PerSecond:N1}/s p99 {bare.P99:F1} ms", $"{hub.PerSecond / bare.PerSecond:P1}");
    figures.Add(EarTagTrace.Bench.Figure.Of(key, "ops/s", hub.PerSecond, bare.PerSecond, hub.P50, hub.P99, bare.P99));
}

Say($"map GeoJSON of 安溪县 (350524, {countyCount:N0} records)...");
await Compare("origin_map_geojson_county", $"map GeoJSON, one county ({countyCount:N0} pts)", (_, _) => HubGet("/api/origin/map?region=350524"), (_, _) => Sql(baselineMap));

(int X, int Y) TileOf(Township t, int z, Random r)
{
    var lon = t.Longitude + (r.NextDouble() - 0.5) * 0.08;
    var lat = (t.Latitude + (r.NextDouble() - 0.5) * 0.08) * Math.PI / 180;
    var n = 1 << z;
    return ((int)((lon + 180) / 360 * n), (int)((1 - Math.Log(Math.Tan(lat) + 1 / Math.Cos(lat)) / Math.PI) / 2 * n));
}
foreach (var (z, cluster) in new[] { (8, true), (12, false) })
{
    var tileSql = cluster
        ? """
          with bounds as (select st_tileenvelope(@z, @x, @y) as g),
          cells as (select count(*) as count, sum(r.scale) as scale, avg(st_x(r.location::geometry)) as lon, avg(st_y(r.location::geometry)) as lat
                    from origin_record r, bounds b
                    where r.location is not null and r.location && st_transform(b.g, 4326)::geography and r.region_code like '35%'
                    group by floor(st_x(r.location::geometry) / @cell), floor(st_y(r.location::geometry) / @cell)),
          mvt as (select st_asmvtgeom(st_transform(st_setsrid(st_makepoint(c.lon, c.lat), 4326), 3857), b.g, 4096, 64, true) as geom, c.count, c.scale
                  from cells c, bounds b)
          select st_asmvt(mvt.*, 'origin', 4096, 'geom') from mvt where geom is not null
          """
        : """
          with bounds as (select st_tileenvelope(@z, @x, @y) as g),
          mvt as (select st_asmvtgeom(st_transform(r.location::geometry, 3857), b.g, 4096, 64, true) as geom, r.id, e.name as entity, e.type as entity_type,
                         r.product_code as product, r.scale, r.unit, r.region_code
                  from origin_record r join origin_entity e on e.id = r.entity_id, bounds b
                  where r.location is not null and r.location && st_transform(b.g, 4326)::geography and r.region_code like '35%')
          select st_asmvt(mvt.*, 'origin', 4096, 'geom') from mvt where geom is not null
          """;
    Say($"vector tiles at zoom {z}...");
    await Compare($"origin_tiles_z{z}", $"vector tiles z{z}",
        (r, _) => { var (x, y) = TileOf(townships[r.Next(townships.Count)], z, r); return HubGet($"/api/origin/map/tiles/{z}/{x}/{y}.mvt"); },
        (r, _) =>
        {
            var (x, y) = TileOf(townships[r.Next(townships.Count)], z, r);
            return Sql(tileSql, c =>
            {
                c.Parameters.AddWithValue("z", z);
                c.Parameters.AddWithValue("x", x);
                c.Parameters.AddWithValue("y", y);
                if (cluster) c.Parameters.AddWithValue("cell", 360.0 / (1 << z) / 64);
            });
        });
}

Say("statistics...");
await Compare("origin_stats_province", "stats by region, Fujian (counties)", (_, _) => HubGet("/api/origin/stats?groupBy=region&region=35"),
    (_, _) => Sql("""
        select left(r.region_code, 6) as k, count(*), count(r.location), count(distinct r.entity_id),
               coalesce(sum(r.scale) filter (where r.unit = 'Mu'), 0), coalesce(sum(r.scale) filter (where r.unit = 'Head'), 0),
               coalesce(sum(r.scale) filter (where r.unit = 'Bird'), 0)
        from origin_record r where r.region_code like '35%'
        group by rollup (left(r.region_code, 6)) order by k nulls last
        """));
await Compare("origin_stats_county", "stats by product, one county", (_, _) => HubGet("/api/origin/stats?groupBy=product&region=350524"),
    (_, _) => Sql("""
        select r.product_code, count(*), count(r.location), count(distinct r.entity_id),
               coalesce(sum(r.scale) filter (where r.unit = 'Mu'), 0), coalesce(sum(r.scale) filter (where r.unit = 'Head'), 0),
               coalesce(sum(r.scale) filter (where r.unit = 'Bird'), 0)
        from origin_record r where r.region_code like '350524%'
        group by rollup (r.product_code) order by 1 nulls last
        """));

// ---- 2. the 100,000-row 采集表, through the hub vs COPY (after the reads, so they measure the 1,000,000 seeded records) ----
var anxiTownships = townships.Where(t => t.County == "350524").ToList();
var sheet = new StringBuilder("主体名称,主体类型,联系人,联系电话,产品名称,种养规模,规模单位,基地地址,行政区划代码,经度,纬度,预计上市时间,预计下市时间,生产方式,追溯方式,信用等级,网格化监管员,监管员电话,信息采集员,采集员电话,采集时间\n");
var names = new[] { "豇豆", "韭菜", "芹菜", "鸡蛋", "乌鸡", "肉牛", "肉羊", "生猪" };
var lines = new List<string>(options.SheetRows);
var rng = new Random(options.Seed);
for (var i = 0; i < options.SheetRows; i++)
{
    var t = anxiTownships[i % anxiTownships.Count];
    var line = string.Join(",", $"导入主体{i:D6}", "家庭农场", "陈志明", "13905951234", names[i % names.Length], (1 + rng.Next(500)).ToString(CultureInfo.InvariantCulture), "",
        $"基地{i}", t.Code + "201", (t.Longitude + rng.NextDouble() * 0.05).ToString("F6", CultureInfo.InvariantCulture),
        (t.Latitude + rng.NextDouble() * 0.05).ToString("F6", CultureInfo.InvariantCulture), "", "", "露地", "承诺达标合格证、电子追溯码", "A",
        "林美华", "13805958765", "王丽", "0595-68792206", "2023-03-01 10:30:00");
    lines.Add(line);
    sheet.Append(line).Append('\n');
}
var body = Encoding.UTF8.GetBytes(sheet.ToString());
Say($"importing a {options.SheetRows:N0}-row 采集表 ({body.Length / 1024.0 / 1024.0:F1} MB CSV)...");
var cpu = await EarTagTrace.Bench.CpuMeter.CreateAsync(data, null, ct);
var importCpuBefore = cpu?.Sample();
var importWatch = Stopwatch.StartNew();
var content = new ByteArrayContent(body);
content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
var posted = await http.PostAsync("/api/origin/import", content, ct);
var answer = (await posted.Content.ReadFromJsonAsync<JsonObject>(ct))!;
var firstAnswer = importWatch.Elapsed;
string state = ((int)posted.StatusCode).ToString(CultureInfo.InvariantCulture);
if ((int)posted.StatusCode == 202)
{
    var url = answer["status"]!.GetValue<string>();
    while (true)
    {
        await Task.Delay(250, ct);
        var progress = (await http.GetFromJsonAsync<JsonObject>(url, ct))!;
        state = progress["state"]!.GetValue<string>();
        if (state is "done" or "refused" or "failed") { answer = progress; break; }
    }
}
var importTime = importWatch.Elapsed;
var importCpu = cpu?.Sample() - importCpuBefore;
Say($"import: HTTP {(int)posted.StatusCode} after {firstAnswer.TotalSeconds:F2} s, {state} after {importTime.TotalSeconds:F1} s");

var copyCpuBefore = cpu?.Sample();
var copyWatch = Stopwatch.StartNew();
await using (var conn = await data.OpenConnectionAsync(ct))
{
    await using (var create = new NpgsqlCommand("drop table if exists bench_origin_copy; create table bench_origin_copy ("
        + string.Join(", ", Enumerable.Range(1, 21).Select(i => $"c{i} text")) + ")", conn))
        await create.ExecuteNonQueryAsync(ct);
    await using var writer = await conn.BeginTextImportAsync("copy bench_origin_copy from stdin (format csv)", ct);
    foreach (var line in lines) await writer.WriteLineAsync(line);
}
var copyTime = copyWatch.Elapsed;
var copyCpu = cpu?.Sample() - copyCpuBefore;
Row($"采集表 import, {options.SheetRows:N0} rows", $"{options.SheetRows / importTime.TotalSeconds:N0} rows/s ({importTime.TotalSeconds:F1} s, {state})",
    $"COPY {options.SheetRows / copyTime.TotalSeconds:N0} rows/s ({copyTime.TotalSeconds:F2} s)", $"{copyTime / importTime:P2}");
figures.Add(EarTagTrace.Bench.Figure.Of($"origin_sheet_{options.SheetRows / 1000}k", "rows/s",
    state == "done" || (int)posted.StatusCode == 200 ? options.SheetRows / importTime.TotalSeconds : null, options.SheetRows / copyTime.TotalSeconds,
    cpuMsPerMsg: state == "done" || (int)posted.StatusCode == 200 ? importCpu?.PerMessage(options.SheetRows) : null,
    baselineCpuMsPerMsg: copyCpu?.PerMessage(options.SheetRows)));

var report = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"OriginBench {started:yyyy-MM-dd HH:mm} UTC: {options.Records:N0} records seeded in {seedTime.TotalSeconds:F1} s, clients {options.Clients}, phases {options.Phase.TotalSeconds:F0} s")
    .Append(results).ToString();
Console.WriteLine();
Console.WriteLine(report);
var dir = Path.Combine(Environment.GetEnvironmentVariable("EARTAG_ROOT") ?? ".", "bench", "results");
Directory.CreateDirectory(dir);
var file = Path.Combine(dir, $"{started:yyyyMMdd-HHmmss}-origin.txt");
await File.WriteAllTextAsync(file, report, ct);
Say($"written to {file}");
Say($"figures written to {EarTagTrace.Bench.BenchResults.WriteFigures("OriginBench", figures)}");
return 0;
