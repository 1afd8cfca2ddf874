using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Access;

/// <summary>
/// More than a thousand hostile inputs (<see cref="HostileInputs"/>) against every partner push and every staff endpoint:
/// each is answered 4xx with a reason (or, for a filter that matches nothing, at least never 5xx), the canonical tables
/// do not change, and the hub is still ready afterwards.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Answering_hostile_input(HubFixture hub, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] CanonicalTables =
    [
        "farm", "farm_stock", "tag_holding", "tag_registration", "tag_issuance", "tag_event", "declaration", "certificate",
        "stock_change", "county_rollout", "outbox",
    ];

    private const int Parallelism = 32;

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_refuse_every_hostile_input_with_a_reason_and_change_nothing()
    {
        // Something to find: a farm, a county's tag stock, and a refused message to replay.
        var (farmAnswer, _) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(HostileInputs.KnownFarm)]);
        Assert.Equal(HttpStatusCode.OK, farmAnswer.StatusCode);
        var (stockAnswer, _) = await DjetPush.SendAsync(hub.Client, "tag-stock", DjetPush.Stock("220122", ("A1", DjetPush.Pig(1), DjetPush.Pig(100))));
        Assert.Equal(HttpStatusCode.OK, stockAnswer.StatusCode);
        var refusedFarm = RegistryPush.Farm(HostileInputs.UnknownFarm);
        refusedFarm["xzqhdm"] = "220122999";
        var (_, refused) = await RegistryPush.PushAsync(hub.Client, [refusedFarm]);
        var refusedJournalId = long.Parse((string)refused["hubId"]!);
        await Eventually.WaitAsync(async () => await CountAsync("SELECT count(*) FROM outbox WHERE status <> 'Delivered'"), n => n == 0,
            "the seeded farm's deliveries");

        var inputs = HostileInputs.All(refusedJournalId).ToList();
        Assert.True(inputs.Count >= 1000, $"only {inputs.Count} inputs");
        Assert.All(PartnerPaths, p => Assert.Contains(inputs, i => i.Target == p));

        var before = await CountTablesAsync();
        var clients = await ClientsAsync();
        var failures = new ConcurrentBag<string>();
        var answers = new ConcurrentBag<(HostileInput Input, int Status, TimeSpan Took)>();
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(inputs.Select(async input =>
        {
            await gate.WaitAsync();
            try
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var (status, body) = await SendAsync(clients, input);
                answers.Add((input, status, watch.Elapsed));
                if (Judge(input, status, body) is { } failure)
                    failures.Add(status >= 500 && TraceId(body) is { } trace && hub.Errors.For(trace) is { Count: > 0 } logged
                        ? failure + "\n  the hub logged: " + string.Join("\n  ", logged)
                        : failure);
            }
            catch (Exception e)
            {
                failures.Add($"{input}: threw {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                gate.Release();
            }
        }));

        Report(answers);
        foreach (var failure in failures.OrderBy(f => f, StringComparer.Ordinal)) output.WriteLine("WRONG " + (failure.Length > 4000 ? failure[..4000] : failure));
        var after = await CountTablesAsync();
        var ready = await hub.Client.GetAsync("/health/ready");

        Assert.True(failures.IsEmpty, $"{failures.Count} of {inputs.Count} inputs answered wrongly:\n" +
            string.Join("\n", failures.OrderBy(f => f).Take(80)));
        Assert.Equal(before, after);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static readonly string[] PartnerPaths =
    [
        "/adapters/farm-registry/farms", "/adapters/djet/tag-stock", "/adapters/djet/tag-issuances", "/adapters/djet/tag-cancellations",
        "/adapters/djet/declarations", "/adapters/djet/certificates", "/adapters/djet/stock-changes", "/adapters/djet/farm-corrections",
    ];

    private static string? TraceId(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject { } problem && problem["traceId"] is JsonValue id && id.TryGetValue<string>(out var t) ? t : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Null when the answer is right for the input, else what was wrong.</summary>
    private static string? Judge(HostileInput input, int status, string body)
    {
        var excerpt = body.Length > 300 ? body[..300] + "…" : body;
        if (status >= 500) return $"{input}: {status} {excerpt}";
        if (input.Expect == Expect.Refused && status is < 400 or >= 500) return $"{input}: expected 4xx, got {status} {excerpt}";
        if (status < 400) return null;
        var reasons = Reasons(body);
        if (reasons.Count == 0) return $"{input}: {status} without a reason: '{excerpt}'";
        if (input.Reason is { } wanted && !reasons.Contains(wanted)) return $"{input}: {status} expected reason {wanted}, got {string.Join(",", reasons)}";
        return null;
    }

    /// <summary>A ProblemDetails title, or the partner envelope's code and reason codes.</summary>
    internal static List<string> Reasons(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject answer) return [];
            var found = new List<string>();
            if (answer["title"] is JsonValue title && title.TryGetValue<string>(out var t) && t.Length > 0) found.Add(t);
            if (answer["code"] is JsonValue code && code.TryGetValue<int>(out var c) && c != 0 && answer["reasons"] is JsonArray { Count: > 0 } list)
                found.AddRange(list.Select(r => (string?)r?["code"]).OfType<string>());
            return found;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private void Report(IEnumerable<(HostileInput Input, int Status, TimeSpan Took)> answers)
    {
        var all = answers.ToList();
        output.WriteLine($"{all.Count} hostile inputs");
        foreach (var endpoint in all.GroupBy(a => a.Input.Endpoint).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var statuses = string.Join(" ", endpoint.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
            output.WriteLine($"{endpoint.Count(),5}  {endpoint.Key,-40} {statuses}");
        }
        output.WriteLine("slowest (figures only, nothing asserts on time):");
        foreach (var slow in all.OrderByDescending(a => a.Took).Take(10))
            output.WriteLine($"  {slow.Took.TotalMilliseconds,8:0} ms  {slow.Input}");
    }

    private sealed record Clients(HttpClient Staff, HttpClient Anonymous, HttpClient Viewer, IReadOnlyDictionary<Caller, string> Tokens);

    private async Task<Clients> ClientsAsync()
    {
        var key = hub.Factory.Services.GetRequiredService<StaffTokens>().Key;
        var now = DateTime.UtcNow;
        string Token(SecurityKey signingKey, DateTime issued, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(StaffClaims.Name, "admin"), new Claim(StaffClaims.Region, "22"), new Claim(StaffClaims.Role, StaffRoles.Admin)]),
            Issuer = "eartag-hub", Audience = StaffTokens.Audience, IssuedAt = issued, NotBefore = issued, Expires = expires,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
        });
        var forged = Token(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)), now, now.AddHours(1));
        var expired = Token(key, now.AddHours(-3), now.AddHours(-2));
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var claims = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            [StaffClaims.Name] = "admin", [StaffClaims.Region] = "22", [StaffClaims.Role] = StaffRoles.Admin, ["iss"] = "eartag-hub",
            ["aud"] = StaffTokens.Audience, ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        }));
        var tokens = new Dictionary<Caller, string>
        {
            [Caller.GarbageToken] = "garbage.garbage.garbage",
            [Caller.ForgedToken] = forged,
            [Caller.ExpiredToken] = expired,
            [Caller.AlgNoneToken] = $"{header}.{claims}.",
            [Caller.HugeToken] = new string('A', 60_000),
        };
        return new Clients(hub.Client, hub.Factory.CreateClient(), await hub.LoginAsync("viewer"), tokens);
    }

    private static async Task<(int Status, string Body)> SendAsync(Clients clients, HostileInput input)
    {
        using var request = new HttpRequestMessage(input.Method, input.Target);
        if (input.Body is not null)
        {
            request.Content = new ByteArrayContent(input.Body);
            if (input.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", input.ContentType);
        }
        var client = clients.Staff;
        if (input.Signing is { } signing)
        {
            client = clients.Anonymous;
            Sign(request, input, signing);
        }
        else if (input.Caller != Caller.Staff)
        {
            client = input.Caller == Caller.Viewer ? clients.Viewer : clients.Anonymous;
            if (clients.Tokens.TryGetValue(input.Caller, out var token))
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Signs the exact bytes sent, as a partner does: HMAC-SHA256 over appKey + timestamp + METHOD + target, then the body.</summary>
    private static void Sign(HttpRequestMessage request, HostileInput input, Signing signing)
    {
        if (signing == Signing.None) return;
        var registry = input.Target.StartsWith("/adapters/farm-registry", StringComparison.Ordinal);
        var (appKey, secret) = registry ? ("fr-sandbox", "fr-sandbox-secret") : ("dj-sandbox", "dj-sandbox-secret");
        if (signing == Signing.WrongSecret) secret = "not-the-secret";
        if (signing == Signing.UnknownAppKey) (appKey, secret) = ("someone-else", "someone-else-secret");
        if (signing == Signing.OtherPartnersKey) (appKey, secret) = registry ? ("dj-sandbox", "dj-sandbox-secret") : ("fr-sandbox", "fr-sandbox-secret");
        var at = DateTimeOffset.UtcNow + signing switch
        {
            Signing.Stale => TimeSpan.FromMinutes(-30),
            Signing.Future => TimeSpan.FromMinutes(30),
            _ => TimeSpan.Zero,
        };
        var timestamp = at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var prefix = Encoding.UTF8.GetBytes(appKey + timestamp + input.Method.Method + input.Target);
        hmac.TransformBlock(prefix, 0, prefix.Length, null, 0);
        hmac.TransformFinalBlock(input.Body ?? [], 0, input.Body?.Length ?? 0);
        var sign = signing == Signing.GarbageSign ? "zz" + new string('0', 62) : Convert.ToHexStringLower(hmac.Hash!);
        request.Headers.Add("appKey", appKey);
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", sign);
    }

    private async Task<Dictionary<string, long>> CountTablesAsync()
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in CanonicalTables)
            counts[table] = await CountAsync($"SELECT count(*) FROM {table}");
        return counts;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(hub.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
