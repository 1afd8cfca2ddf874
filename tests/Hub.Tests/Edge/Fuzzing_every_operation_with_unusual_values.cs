using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Tests.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Edge;

/// <summary>
/// Reads /openapi/v1.json from the hub under test and sends, to every operation, every parameter and body field in
/// turn with well-formed but unusual values (<see cref="UnusualValues"/>), signed in as an administrator of the
/// region the route serves; the partner pushes get the same values in every field of their contract example, signed
/// as the partner. Every answer must be below 500, and a 4xx must say why (a ProblemDetails title or the partner's
/// envelope with reason codes). Each operation's variants start from a well-formed call on a small world (a farm, a
/// county's tag stock, an origin record, a staff account, a journal entry), so a value reaches past the first check.
/// </summary>
// Its own hub and database: the fuzzer revokes, disables and rewrites what it finds (the sandbox third party's
// authorisation among them), which the tests sharing the common hub must not inherit.
public sealed class Fuzzing_every_operation_with_unusual_values(HubFixture hub, ITestOutputHelper output) : IClassFixture<HubFixture>, IAsyncLifetime
{
    private const int Parallelism = 16;
    private const string JilinAdmin = "fuzz-jilin";
    private const string AnxiAdmin = "fuzz-anxi";
    private const string Farm = "FR220122170009";
    private const string TargetAccount = "fuzz-target";
    private const string Collector = "fuzz-collector";

    /// <summary>Partner pushes and the contract example each is modelled on.</summary>
    private static readonly (string Path, string Example)[] PartnerPushes =
    [
        ("/adapters/farm-registry/farms", "farm-registry/push-body.example.json"),
        ("/adapters/djet/tag-stock", "djet/tag-stock.example.json"),
        ("/adapters/djet/tag-issuances", "djet/tag-issuance.example.json"),
        ("/adapters/djet/declarations", "djet/declaration.example.json"),
        ("/adapters/djet/certificates", "djet/certificate.example.json"),
        ("/adapters/djet/tag-cancellations", "djet/tag-cancellation.example.json"),
        ("/adapters/djet/stock-changes", "djet/stock-change.example.json"),
        ("/adapters/djet/farm-corrections", "djet/farm-correction.example.json"),
    ];

    public Task InitializeAsync() => hub.ResetAsync();

    public async Task DisposeAsync()
    {
        // Dry runs started by the fuzz finish in the background; the next test's reset must not race them.
        await using (var conn = new Npgsql.NpgsqlConnection(hub.ConnectionString))
        {
            await conn.OpenAsync();
            await Eventually.WaitAsync(async () =>
            {
                await using var running = new Npgsql.NpgsqlCommand("SELECT count(*) FROM replay_run WHERE state = 'Running'", conn);
                return (long)(await running.ExecuteScalarAsync())!;
            }, n => n == 0, "the fuzz's replay runs");
        }
        // Accounts the fuzz created (staff accounts outlive the per-test reset): gone, so no other test meets them.
        using var scope = hub.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffAccount>>();
        foreach (var account in await db.Users.Where(u => u.CreatedBy == JilinAdmin || u.CreatedBy == AnxiAdmin
                     || u.UserName == TargetAccount || u.UserName == Collector || u.UserName == JilinAdmin || u.UserName == AnxiAdmin).ToListAsync())
        {
            await db.CollectorAuthorisations.Where(a => a.AccountId == account.Id).ExecuteDeleteAsync();
            await users.DeleteAsync(account);
        }
    }

    private sealed record Call(string Operation, string Variant, HttpMethod Method, string Target, JsonNode? Body, bool Partner)
    {
        public override string ToString() => $"{Method} {Target} [{Variant}]";
    }

    [Fact]
    public async Task Should_answer_every_operation_below_500_and_give_the_reason_for_every_refusal()
    {
        var document = (await hub.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var world = await WorldAsync();
        var calls = FromOpenApi(document, world).Concat(PartnerCalls()).ToList();
        var operations = calls.Select(c => c.Operation).Distinct().Count();
        Assert.True(operations >= 40, $"only {operations} operations in /openapi/v1.json");

        await hub.CreateAccountAsync(JilinAdmin, "22", [.. StaffRoles.All.Where(r => r != StaffRoles.Viewer)], password: "fuzz-password-1");
        await hub.CreateAccountAsync(AnxiAdmin, "35", [.. StaffRoles.All.Where(r => r != StaffRoles.Viewer)], password: "fuzz-password-1");
        var jilin = await hub.LoginAsync(JilinAdmin, "fuzz-password-1");
        var anxi = await hub.LoginAsync(AnxiAdmin, "fuzz-password-1");
        var partner = hub.Factory.CreateClient();
        var plainRefused = new ConcurrentBag<string>();

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<string, ConcurrentDictionary<int, int>>();
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(calls.Select(async call =>
        {
            await gate.WaitAsync();
            try
            {
                var client = call.Partner ? partner : call.Target.Contains("/origin", StringComparison.Ordinal) ? anxi : jilin;
                var (status, body) = await SendAsync(client, call);
                statuses.GetOrAdd(call.Operation, _ => new()).AddOrUpdate(status, 1, (_, n) => n + 1);
                if (call.Variant == "plain" && status >= 400) plainRefused.Add($"{call.Operation} {status} {Excerpt(body)}");
                if (status >= 500) failures.Add($"{call}: {status} {Excerpt(body)}");
                else if (status >= 400 && Answering_hostile_input.Reasons(body).Count == 0) failures.Add($"{call}: {status} without a reason: '{Excerpt(body)}'");
            }
            catch (Exception e)
            {
                failures.Add($"{call}: threw {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                gate.Release();
            }
        }));

        output.WriteLine($"{calls.Count} calls to {operations} operations");
        foreach (var (operation, counts) in statuses.OrderBy(s => s.Key, StringComparer.Ordinal))
            output.WriteLine($"  {operation,-60} {string.Join(" ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}×{c.Value}"))}");
        // Figures only: a plain call refused means that operation's variants stop at its first check.
        foreach (var refused in plainRefused.OrderBy(f => f, StringComparer.Ordinal)) output.WriteLine("plain call refused: " + refused);
        foreach (var failure in failures.OrderBy(f => f, StringComparer.Ordinal)) output.WriteLine("WRONG " + failure);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {calls.Count} calls answered wrongly:\n" +
            string.Join("\n", failures.OrderBy(f => f, StringComparer.Ordinal).Take(60)));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await hub.Client.GetAsync("/health/ready")).StatusCode);
    }

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] + "…" : body;

    /// <summary>Every staff operation in the document: each parameter, then each body field, through its unusual values.</summary>
    private static IEnumerable<Call> FromOpenApi(JsonObject document, World world)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            // Partner pushes are signed by the partner: PartnerCalls sends them. The bench's bare insert is not the API.
            // The registry pull job takes no input and would go on writing farms into the next test.
            if (path.StartsWith("/adapters/", StringComparison.Ordinal) || path.StartsWith("/bench", StringComparison.Ordinal)
                || path == "/api/jobs/pull-farm-registry") continue;
            foreach (var (verb, op) in item!.AsObject())
            {
                if (verb is "parameters" or "summary" or "description" or "servers") continue;
                var method = new HttpMethod(verb.ToUpperInvariant());
                var operation = $"{method} {path}";
                var parameters = (op!["parameters"] as JsonArray ?? []).Concat(item["parameters"] as JsonArray ?? [])
                    .OfType<JsonObject>().Select(p => (JsonObject)UnusualValues.Resolve(p, document)).ToList();
                var pathParameters = parameters.Where(p => (string?)p["in"] == "path").ToList();
                var (bodySchema, contentType) = BodyOf(op, document);
                var baseline = world.Baseline(operation);
                JsonNode? plainBody = baseline.Body is { } known ? JsonNode.Parse(known)
                    : bodySchema is null ? null : UnusualValues.PlainOf(bodySchema, document, 0);

                string Target(string? name = null, string? value = null, string? queryName = null, string? queryValue = null)
                {
                    var target = path;
                    foreach (var p in pathParameters)
                    {
                        var pname = (string)p["name"]!;
                        var (type, _, _) = UnusualValues.Kind(p["schema"], document);
                        var v = pname == name ? value!
                            : baseline.Path?.GetValueOrDefault(pname) ?? world.PathValue(pname) ?? (type is "integer" or "number" ? "1" : "220122");
                        target = target.Replace("{" + pname + "}", Uri.EscapeDataString(v));
                    }
                    var query = (baseline.Query ?? []).Where(q => q.Key != queryName).Select(q => (q.Key, q.Value)).ToList();
                    if (queryName is not null) query.Add((queryName, queryValue!));
                    return query.Count == 0 ? target
                        : target + "?" + string.Join("&", query.Select(q => $"{Uri.EscapeDataString(q.Item1)}={Uri.EscapeDataString(q.Item2)}"));
                }

                // The operation as it is, once, so a route with nothing to vary is still called.
                yield return new Call(operation, "plain", method, Target(), plainBody?.DeepClone(), false);
                foreach (var p in parameters)
                {
                    var name = (string)p["name"]!;
                    var where = (string?)p["in"];
                    if (where is not ("path" or "query")) continue;
                    var (type, format, schema) = UnusualValues.Kind(p["schema"], document);
                    foreach (var (variant, value) in UnusualValues.ForParameter(type, format, schema))
                        yield return where == "path"
                            ? new Call(operation, $"{name}: {variant}", method, Target(name, value), plainBody?.DeepClone(), false)
                            : new Call(operation, $"{name}: {variant}", method, Target(queryName: name, queryValue: value), plainBody?.DeepClone(), false);
                }
                if (bodySchema is null || plainBody is null || contentType != "application/json") continue;
                foreach (var (fieldPath, variant, body) in Variants(plainBody, bodySchema, document, ""))
                    yield return new Call(operation, $"{fieldPath}: {variant}", method, Target(), body, false);
            }
        }
    }

    /// <summary>What the well-formed calls name: a farm, a tag in the county's stock, a journal entry, an origin record.</summary>
    private sealed record World(long JournalId, long OriginId, string Tag)
    {
        public string? PathValue(string name) => name switch
        {
            "code" => Farm,
            "username" => TargetAccount,
            "ebh" => Tag,
            "zmbh" => "A2201220000001",
            _ => null,
        };

        /// <summary>A well-formed call of <paramref name="operation"/> where a plain value of each type would stop at the first check.</summary>
        public (Dictionary<string, string>? Query, Dictionary<string, string>? Path, string? Body) Baseline(string operation) => operation switch
        {
            "GET /api/reconciliations" => (new() { ["from"] = "2026-06-01", ["to"] = "2026-06-01" }, null, null),
            "POST /api/reconciliations" => (null, null, """{"from":"2026-06-01","to":"2026-06-01","type":"farms","county":"220122"}"""),
            "GET /api/origin/scope" or "GET /api/origin/overdue" or "GET /api/origin/report.xlsx" or "GET /api/origin/stats" =>
                (new() { ["region"] = Anxi }, null, null),
            "GET /api/origin/map/tiles/{z}/{x}/{y}" => (null, new() { ["z"] = "8", ["x"] = "211", ["y"] = "110.mvt" }, null),
            "GET /api/origin/records/{id}" => (null, new() { ["id"] = Id(OriginId) }, null),
            "PUT /api/origin/records/{id}/location" => (null, new() { ["id"] = Id(OriginId) }, """{"longitude":118.19,"latitude":25.06}"""),
            "POST /api/origin/rapid-tests" => (null, null,
                $$"""{"recordId":{{OriginId}},"product":"豇豆","sampleNo":"S-1","item":"农药残留","result":"合格","value":"0.01","testedAt":"2023-03-01 10:00:00","tester":"林美华"}"""),
            "GET /api/tags/ledger" => (new() { ["region"] = "220122" }, null, null),
            "GET /api/tags/holdings" => (new() { ["holder"] = "220122" }, null, null),
            "GET /api/rollout/counties/{code}" => (null, new() { ["code"] = "220122" }, null),
            "PUT /api/rollout/counties/{code}" => (null, new() { ["code"] = "220122" }, """{"enabled":true,"since":"2026-12-01","note":"测试"}"""),
            "POST /api/accounts" => (null, null,
                """{"username":"fuzz-created","password":"Fuzz-password-1","displayName":"测试员","roles":["clerk"],"region":"220122","thirdParty":false}"""),
            "PATCH /api/accounts/{username}" => (null, null, """{"displayName":"测试员"}"""),
            "POST /api/collector-authorisations" => (null, null,
                $$"""{"username":"{{Collector}}","region":"220122","agreementNo":"NA-BM-FUZZ-1","agreementDate":"2026-11-01","expiresAt":"2027-12-01T00:00:00+08:00"}"""),
            "POST /api/replays" => (null, null, """{"filter":{"source":"farm-registry","from":"2026-01-01T00:00:00+08:00"},"dryRun":true,"reason":"测试"}"""),
            "GET /api/journal/{id}" => (null, new() { ["id"] = Id(JournalId) }, null),
            "POST /api/journal/{id}/replay" => (null, new() { ["id"] = Id(JournalId) }, """{"reason":"测试","force":false}"""),
            "POST /api/journal/{id}/edits" => (null, new() { ["id"] = Id(JournalId) },
                """{"patch":[{"op":"replace","path":"/rows/0/yzcmc","value":"测试养殖场"}],"reason":"测试"}"""),
            "POST /api/deliveries/resend" => (null, null, """{"destination":"national-cloud/farms","status":"Failed","reason":"测试"}"""),
            _ => (null, null, null),
        };

        private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<World> WorldAsync()
    {
        var (farm, pushed) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(Farm)]);
        Assert.Equal(System.Net.HttpStatusCode.OK, farm.StatusCode);
        var (stock, _) = await DjetPush.SendAsync(hub.Client, "tag-stock", DjetPush.Stock("220122", ("A1", DjetPush.Pig(1), DjetPush.Pig(100))));
        Assert.Equal(System.Net.HttpStatusCode.OK, stock.StatusCode);
        await hub.CreateAccountAsync(TargetAccount, "220122", [StaffRoles.Clerk], password: "fuzz-password-1");
        await hub.CreateAccountAsync(Collector, "220122", [StaffRoles.Collector], thirdParty: true, password: "fuzz-password-1");
        var anxi = await hub.LoginAsync("anxi");
        var (imported, _) = await ImportAsync(anxi, Csv([Row()]));
        Assert.Equal(System.Net.HttpStatusCode.OK, imported);
        var origin = (await RecordsAsync(anxi))[0]!["id"]!.GetValue<long>();
        return new World(long.Parse((string)pushed["hubId"]!, System.Globalization.CultureInfo.InvariantCulture), origin, DjetPush.Pig(1));
    }

    private static (JsonNode? Schema, string? ContentType) BodyOf(JsonNode? op, JsonObject document)
    {
        if (UnusualValues.Resolve(op?["requestBody"], document)["content"] is not JsonObject content) return (null, null);
        if (content["application/json"] is JsonObject json) return (json["schema"], "application/json");
        var first = content.FirstOrDefault();
        return (first.Value?["schema"], first.Key);
    }

    /// <summary>The body with one leaf field replaced by each of its unusual values, for every leaf (through objects and first array items).</summary>
    private static IEnumerable<(string Path, string Variant, JsonNode Body)> Variants(JsonNode root, JsonNode? schema, JsonObject document, string prefix)
    {
        var (type, format, s) = UnusualValues.Kind(schema, document);
        if (type == "object" && s["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
                foreach (var (path, variant, node) in Variants(root, property, document, prefix + "/" + name))
                    yield return (path, variant, node);
            yield break;
        }
        if (type == "array")
        {
            yield return (prefix, "empty array", Replace(root, prefix, new JsonArray()));
            foreach (var (path, variant, node) in Variants(root, s["items"], document, prefix + "/0"))
                yield return (path, variant, node);
            yield break;
        }
        foreach (var (variant, value) in UnusualValues.ForField(type, format, s))
            yield return (prefix, variant, Replace(root, prefix, value));
    }

    /// <summary>A copy of <paramref name="root"/> with the node at the JSON pointer <paramref name="pointer"/> replaced.</summary>
    private static JsonNode Replace(JsonNode root, string pointer, JsonNode? value)
    {
        var copy = root.DeepClone();
        if (pointer.Length == 0) return value ?? JsonValue.Create((string?)null)!;
        var parts = pointer.TrimStart('/').Split('/');
        JsonNode? parent = copy;
        foreach (var part in parts[..^1])
            parent = parent is JsonArray a ? (int.TryParse(part, out var i) && i < a.Count ? a[i] : null) : parent?[part];
        switch (parent)
        {
            case JsonObject o: o[parts[^1]] = value?.DeepClone(); break;
            case JsonArray a when int.TryParse(parts[^1], out var i) && i < a.Count: a[i] = value?.DeepClone(); break;
        }
        return copy;
    }

    /// <summary>Every leaf field of each partner push's contract example through the unusual values of its JSON kind.</summary>
    private static IEnumerable<Call> PartnerCalls()
    {
        var contracts = Contracts();
        foreach (var (path, example) in PartnerPushes)
        {
            var root = JsonNode.Parse(File.ReadAllText(Path.Combine(contracts, example)))!;
            var operation = $"POST {path}";
            yield return new Call(operation, "example", HttpMethod.Post, path, root.DeepClone(), true);
            foreach (var (pointer, leaf) in Leaves(root, ""))
            {
                var kind = leaf.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.Number => "integer",
                    System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
                    _ => "string",
                };
                foreach (var (variant, value) in UnusualValues.ForField(kind, null, []))
                    yield return new Call(operation, $"{pointer}: {variant}", HttpMethod.Post, path, Replace(root, pointer, value), true);
            }
        }
    }

    private static IEnumerable<(string Pointer, JsonValue Leaf)> Leaves(JsonNode node, string prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                    if (child is not null)
                        foreach (var leaf in Leaves(child, prefix + "/" + name)) yield return leaf;
                break;
            case JsonArray a when a.Count > 0 && a[0] is { } first:
                foreach (var leaf in Leaves(first, prefix + "/0")) yield return leaf;
                break;
            case JsonValue v:
                yield return (prefix, v);
                break;
        }
    }

    private static string Contracts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "contracts", "djet"))) return Path.Combine(dir.FullName, "contracts");
        throw new DirectoryNotFoundException("contracts/ not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Status, string Body)> SendAsync(HttpClient client, Call call)
    {
        using var request = new HttpRequestMessage(call.Method, call.Target);
        byte[]? bytes = null;
        if (call.Body is not null && call.Method != HttpMethod.Get && call.Method != HttpMethod.Delete)
        {
            bytes = Encoding.UTF8.GetBytes(call.Body.ToJsonString());
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }
        if (call.Partner) Sign(request, call.Target, bytes ?? []);
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Signed as the partner signs: HMAC-SHA256 over appKey + timestamp + METHOD + target + body.</summary>
    private static void Sign(HttpRequestMessage request, string target, byte[] body)
    {
        var (appKey, secret) = target.StartsWith("/adapters/farm-registry", StringComparison.Ordinal)
            ? ("fr-sandbox", "fr-sandbox-secret") : ("dj-sandbox", "dj-sandbox-secret");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var prefix = Encoding.UTF8.GetBytes(appKey + timestamp + "POST" + target);
        hmac.TransformBlock(prefix, 0, prefix.Length, null, 0);
        hmac.TransformFinalBlock(body, 0, body.Length);
        request.Headers.Add("appKey", appKey);
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", Convert.ToHexStringLower(hmac.Hash!));
    }
}
