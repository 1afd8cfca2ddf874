using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Bench;
using EarTagTrace.Bench.Journal;
using Npgsql;

// JournalBench: keyset pages of the message journal at 10 million entries. Each page through GET /api/journal stands
// beside the bare indexed SELECT of the same page sent straight to PostgreSQL by the same number of clients in the same
// run, so the ratio is what the hub adds (authentication, the filter's SQL, the farm links, JSON) and a slow plan
// shows up in both columns.
BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (ArgumentException e) { Console.Error.WriteLine(e.Message); return 2; }
if (options.ConnectionString is null)
{
    Console.Error.WriteLine("ConnectionStrings__Hub is not set; run the bench through ./eartag bench JournalBench.");
    return 2;
}

var ct = CancellationToken.None;
var started = DateTimeOffset.UtcNow;
void Say(string line) => Console.WriteLine($"[{DateTimeOffset.UtcNow - started:mm\\:ss}] {line}");
await using var data = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();

using var http = new HttpClient { BaseAddress = options.Hub, Timeout = TimeSpan.FromMinutes(2) };
var login = await http.PostAsJsonAsync("/api/auth/login", new { username = "engineer", password = "engineer-sandbox" }, ct);
if (!login.IsSuccessStatusCode) { Console.Error.WriteLine($"login as engineer: HTTP {(int)login.StatusCode}"); return 2; }
var token = (await login.Content.ReadFromJsonAsync<JsonObject>(ct))!["accessToken"]!.GetValue<string>();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

Say($"seeding {options.Count:N0} journal entries over the last year ({options.Farms:N0} farms)...");
var (insertTime, indexTime, vacuumTime) = await Seeder.SeedAsync(data, options, Say, ct);
Say($"seeded: insert {insertTime.TotalSeconds:F0} s, indexes {indexTime.TotalSeconds:F0} s, vacuum analyze {vacuumTime.TotalSeconds:F0} s");

long minId, maxId, total;
await using (var c = data.CreateCommand("select min(id), max(id), count(*) from journal"))
await using (var r = await c.ExecuteReaderAsync(ct))
{
    await r.ReadAsync(ct);
    (minId, maxId, total) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
}
Say($"journal holds {total:N0} entries, ids {minId:N0} to {maxId:N0}");

// The same columns the hub's list reads from the journal row, newest first, one page.
const string Columns = "id, received_at, source, type, partner_id, status, reasons, summary, processing_ms, replay_of, keys";
var limit = options.Limit;

async Task<(OpResult, string?)?> HubGet(string url)
{
    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
    if (!response.IsSuccessStatusCode) return (OpResult.Failed, $"HTTP {(int)response.StatusCode} {url}");
    await response.Content.ReadAsByteArrayAsync(ct);
    return (OpResult.Ok, null);
}

async Task<(OpResult, string?)?> Sql(string where, params (string Name, object Value)[] parameters)
{
    // LIMIT as a parameter, as EF sends it: with a literal LIMIT, PostgreSQL's generic plan of a prepared key search
    // walks the primary key backwards filtering every row (15 s a page at 10M), and after five runs it prefers that plan.
    // A tag search reads its matches first, as the hub does (JournalFilter: OFFSET 0 keeps ORDER BY/LIMIT out).
    var from = where.Contains("tag_ranges", StringComparison.Ordinal) ? $"(select * from journal where {where} offset 0) j" : $"journal where {where}";
    await using var cmd = data.CreateCommand($"select {Columns} from {from} order by id desc limit @limit");
    foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
    cmd.Parameters.AddWithValue("limit", limit);
    await using var reader = await cmd.ExecuteReaderAsync(ct);
    while (await reader.ReadAsync(ct)) for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
    return (OpResult.Ok, null);
}

async Task Explain(string where, params (string Name, object Value)[] parameters)
{
    var from = where.Contains("tag_ranges", StringComparison.Ordinal) ? $"(select * from journal where {where} offset 0) j" : $"journal where {where}";
    await using var cmd = data.CreateCommand($"explain (analyze, buffers, costs off) select {Columns} from {from} order by id desc limit {limit}");
    foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
    await using var reader = await cmd.ExecuteReaderAsync(ct);
    var plan = new StringBuilder();
    while (await reader.ReadAsync(ct)) plan.Append("      ").AppendLine(reader.GetString(0));
    Console.Write(plan);
}

var results = new StringBuilder();
var figures = new List<Figure>();
void Row(string figure, string hub, string baseline, string ratio) =>
    results.AppendLine(CultureInfo.InvariantCulture, $"{figure,-46}{hub,-40}{baseline,-34}{ratio}");
Row("figure", "hub", "bare SELECT (same run)", "hub p99 / bare p99");

async Task Compare(string key, string figure, Load.Operation hubOp, Load.Operation bareOp)
{
    await Load.RunAsync("warm-up", options.Clients, TimeSpan.FromSeconds(2), options.Seed, hubOp, ct);
    await Load.RunAsync("warm-up", options.Clients, TimeSpan.FromSeconds(1), options.Seed, bareOp, ct);
    var hub = await Load.RunAsync(figure, options.Clients, options.Phase, options.Seed, hubOp, ct);
    var bare = await Load.RunAsync(figure + " (SQL)", options.Clients, options.Phase, options.Seed, bareOp, ct);
    Say("  " + hub);
    Say("  " + bare);
    Row($"{figure} x{options.Clients}", $"p99 {hub.P99:F1} ms p50 {hub.P50:F1} ms {hub.PerSecond:N0}/s ({hub.Failed} failed)",
        $"p99 {bare.P99:F1} ms {bare.PerSecond:N0}/s", $"{hub.P99 / bare.P99:F2}x");
    figures.Add(Figure.Of(key, "pages/s", hub.PerSecond, bare.PerSecond, hub.P50, hub.P99, bare.P99));
}

long Before(Random r) => minId + limit + (long)(r.NextDouble() * (maxId - minId - limit));
string Farm(Random r) => Seeder.FarmCode(r.Next(options.Farms));
long Tag(Random r)
{
    // An even djet entry (i % 5 < 3) carries the range [FirstTag + i/2 * 200, +200): pick one of its tags.
    long i;
    do i = 2 + 2 * (long)(r.NextDouble() * (options.Count / 2 - 1)); while (i % 5 >= 3);
    return Seeder.FirstTag + i / 2 * Seeder.TagsPerRange + r.Next(Seeder.TagsPerRange);
}
var size = options.SizeName;

Say("EXPLAIN (ANALYZE, BUFFERS) of each bare page, once:");
var probe = new Random(options.Seed);
await Explain("id < @before", ("before", Before(probe)));
await Explain("source = 'djet' and status = 'Refused' and id < @before", ("before", Before(probe)));
await Explain("keys @> array[@key]::text[] and source = 'djet' and status = 'Refused'", ("key", Farm(probe)));
var probeTag = Tag(probe);
await Explain("(keys @> array[@key]::text[] or tag_ranges @> @tag::bigint)", ("key", probeTag.ToString(CultureInfo.InvariantCulture)), ("tag", probeTag));

Say("newest page, then keyset pages at random depth...");
await Compare($"journal_page_{size}", $"page at random depth ({total / 1_000_000.0:F1}M)",
    (r, _) => HubGet($"/api/journal?before={Before(r)}&limit={limit}"),
    (r, _) => Sql("id < @before", ("before", Before(r))));
Say("q=<farm code>: text search over refused/failed bodies (partial index) and accepted ones (journal_search)...");
await Compare($"journal_text_{size}", "q=<farm code>",
    (r, _) => HubGet($"/api/journal?q={Farm(r)}&limit={limit}"),
    (r, _) => Sql("""
        id in (select u.id from journal u where u.status <> 'Accepted' and u.raw_body ilike @q
               union all select s.journal_id from journal_search s where s.body ilike @q)
        """, ("q", "%" + Farm(r) + "%")));
Say("source + status=Refused at random depth...");
await Compare($"journal_page_refused_{size}", "source=djet&status=Refused",
    (r, _) => HubGet($"/api/journal?source=djet&status=Refused&before={Before(r)}&limit={limit}"),
    (r, _) => Sql("source = 'djet' and status = 'Refused' and id < @before", ("before", Before(r))));
Say("source + status=Refused + key=<farm code>...");
await Compare($"journal_page_key_{size}", "source=djet&status=Refused&key=<farm>",
    (r, _) => HubGet($"/api/journal?source=djet&status=Refused&key={Farm(r)}&limit={limit}"),
    (r, _) => Sql("keys @> array[@key]::text[] and source = 'djet' and status = 'Refused'", ("key", Farm(r))));
Say("key=<one tag inside a range>...");
await Compare($"journal_page_tag_{size}", "key=<tag inside a range>",
    (r, _) => HubGet($"/api/journal?key={Tag(r)}&limit={limit}"),
    (r, _) =>
    {
        var tag = Tag(r);
        return Sql("(keys @> array[@key]::text[] or tag_ranges @> @tag::bigint)", ("key", tag.ToString(CultureInfo.InvariantCulture)), ("tag", tag));
    });

Console.WriteLine();
Console.Write(results);
Console.WriteLine($"seed of {total:N0} entries: insert {insertTime.TotalSeconds:F0} s, indexes {indexTime.TotalSeconds:F0} s, vacuum analyze {vacuumTime.TotalSeconds:F0} s");
Say($"figures written to {BenchResults.WriteFigures("JournalBench", figures)}");
return figures.Any(f => f.Hub is null) ? 1 : 0;
