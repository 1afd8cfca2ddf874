using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using EarTagTrace.Simulator.Http;
using WireMock;

namespace EarTagTrace.Simulator.National;

/// <summary>
/// A national platform (国家云平台 or 国家农产品质量安全追溯管理信息平台, docs/partners.md, national platforms): OAuth client-credentials
/// tokens, batch uploads with per-item results, X-Request-Id idempotency, reconciliation, and injectable faults.
/// </summary>
public sealed class NationalPlatformSimulator
{
    public const int MaxItems = 500;

    private static readonly JsonSerializerOptions _faultJson = new(JsonSerializerDefaults.Web);

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, UploadType> _uploads;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new();
    private readonly Lock _lock = new();
    private readonly HashSet<string> _appliedRequestIds = [];
    private readonly Dictionary<string, TypeStore> _stores;
    // Every request id each item arrived under, faults and duplicates included: the record that proves (or
    // disproves) that an item never travelled under two request ids, whatever the platform answered.
    private readonly Dictionary<string, Dictionary<string, List<string>>> _attempts;
    private readonly Queue<string> _script = new();
    private readonly Random _random;
    private FaultSettings _faults = new();
    private readonly HashSet<string> _lose = new(StringComparer.Ordinal);
    private int _tokenLifetimeSeconds;

    public NationalPlatformSimulator(string name, IReadOnlyList<UploadType> uploads, SimulatorOptions options, TimeProvider time)
    {
        Name = name;
        _options = options;
        _time = time;
        _uploads = uploads.ToDictionary(u => u.Path);
        _stores = uploads.ToDictionary(u => u.Type, _ => new TypeStore());
        _attempts = uploads.ToDictionary(u => u.Type, _ => new Dictionary<string, List<string>>());
        _random = new Random(options.Seed ^ name.GetHashCode(StringComparison.Ordinal));
        _tokenLifetimeSeconds = options.TokenLifetimeSeconds;
    }

    public string Name { get; }

    public IReadOnlyCollection<UploadType> Uploads => _uploads.Values;

    /// <summary>Replaces the current faults; a non-empty script replaces the queued one.</summary>
    public void SetFaults(FaultSettings faults)
    {
        lock (_lock)
        {
            _faults = faults;
            _script.Clear();
            foreach (var entry in faults.Script)
                _script.Enqueue(entry);
            _lose.Clear();
            _lose.UnionWith(faults.LoseIds);
            if (faults.TokenLifetimeSeconds is { } lifetime)
                _tokenLifetimeSeconds = lifetime;
        }
        if (faults.ExpireTokensNow)
            _tokens.Clear();
    }

    /// <summary>Clears received items, seen request ids and faults; issued tokens stay valid.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach (var store in _stores.Values)
                store.Clear();
            foreach (var attempts in _attempts.Values)
                attempts.Clear();
            _appliedRequestIds.Clear();
            _script.Clear();
            _lose.Clear();
            _faults = new FaultSettings();
            _tokenLifetimeSeconds = _options.TokenLifetimeSeconds;
            _tokenRefusals = 0;
        }
    }

    /// <summary>Accepted items of one type (farms, stock, issuances, …) in arrival order; treat them as read-only.</summary>
    public IReadOnlyList<ReceivedItem> Received(string type)
    {
        lock (_lock)
            return Store(type).Items.ToList();
    }

    /// <summary>
    /// Every item id of one type that arrived in an upload with the request ids it came under, one entry per send (a
    /// resend under the same id repeats it), in order of first arrival; items answered with a fault count too.
    /// </summary>
    public IReadOnlyList<ItemAttempts> Attempts(string type)
    {
        lock (_lock)
        {
            Store(type);
            return _attempts[type].Select(a => new ItemAttempts(a.Key, [.. a.Value])).ToList();
        }
    }

    public ReceivedSummary Summary(string type)
    {
        lock (_lock)
        {
            var store = Store(type);
            return new ReceivedSummary(type, store.Items.Count, store.Ids.Count);
        }
    }

    /// <summary>What GET /api/v1/reconcile answers: distinct ids of the type, optionally for one county and CST date.</summary>
    public (int Count, string Digest) Reconcile(string type, string? countyCode, DateOnly? date)
    {
        List<string> ids;
        lock (_lock)
        {
            ids = Store(type).Items
                .Where(i => countyCode is null || i.CountyCode == countyCode)
                .Where(i => date is null || i.Date == date)
                .Select(i => i.Id)
                .Distinct()
                .ToList();
        }
        ids.Sort(StringComparer.Ordinal);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", ids))));
        return (ids.Count, digest);
    }

    /// <summary>Issues a token as POST /oauth/token would; for tests that call uploads directly.</summary>
    public string IssueToken()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        int lifetime;
        lock (_lock)
            lifetime = _tokenLifetimeSeconds;
        _tokens[token] = _time.GetUtcNow().AddSeconds(lifetime);
        return token;
    }

    internal async Task<IResponseMessage> HandleAsync(SimRequest request)
    {
        if (request.Method == "POST" && _uploads.TryGetValue(request.Path, out var upload))
            return await UploadAsync(request, upload);
        return (request.Method, request.Path) switch
        {
            ("POST", "/oauth/token") => Token(request),
            ("GET", "/api/v1/reconcile") => ReconcileEndpoint(request),
            ("POST", "/__sim/faults") => FaultsHook(request),
            ("POST", "/__sim/reset") => ResetHook(),
            ("GET", "/__sim/received") => ReceivedHook(request),
            ("GET", "/__sim/attempts") => AttemptsHook(request),
            _ => SimResponses.National(404, "4040", $"no such endpoint {request.Method} {request.Path}"),
        };
    }

    /// <summary>Token requests refused by <see cref="FaultSettings.TokenStatus"/> since the last reset.</summary>
    public int TokenRefusals => Volatile.Read(ref _tokenRefusals);

    private int _tokenRefusals;

    private IResponseMessage Token(SimRequest request)
    {
        int? failWith;
        lock (_lock)
            failWith = _faults.TokenStatus;
        if (failWith is { } status)
        {
            Interlocked.Increment(ref _tokenRefusals);
            return SimResponses.Json(status, new JsonObject { ["error"] = "temporarily_unavailable", ["error_description"] = $"simulated fault: token endpoint answers {status}" });
        }
        var form = HttpUtility.ParseQueryString(request.Body);
        if (form["grant_type"] != "client_credentials")
            return SimResponses.Json(400, new JsonObject { ["error"] = "unsupported_grant_type" });
        if (form["client_id"] != _options.NationalClientId || form["client_secret"] != _options.NationalClientSecret)
            return SimResponses.Json(401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "unknown client_id or wrong client_secret" });
        var token = IssueToken();
        var expiresIn = (int)Math.Round((_tokens[token] - _time.GetUtcNow()).TotalSeconds);
        return SimResponses.Json(200, new JsonObject { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = expiresIn });
    }

    private bool Authorised(SimRequest request)
    {
        var header = request.Header("Authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return false;
        var token = header["Bearer ".Length..].Trim();
        return _tokens.TryGetValue(token, out var expires) && _time.GetUtcNow() < expires;
    }

    private async Task<IResponseMessage> UploadAsync(SimRequest request, UploadType upload)
    {
        if (!Authorised(request))
            return SimResponses.National(401, "4010", "access token missing, invalid or expired");
        var requestId = request.Header("X-Request-Id");
        if (string.IsNullOrWhiteSpace(requestId))
            return SimResponses.National(400, "4001", "X-Request-Id header is required");

        RecordAttempts(upload, requestId, request.Body);

        FaultSettings faults;
        string? scripted = null;
        double roll;
        lock (_lock)
        {
            faults = _faults;
            _script.TryDequeue(out scripted);
            roll = _random.NextDouble();
        }
        if (faults.LatencyMs > 0)
            await Task.Delay(faults.LatencyMs);
        if (scripted is not null)
            return ScriptedFault(scripted, faults);
        if (RandomFault(roll, faults) is { } fault)
            return fault;

        JsonArray items;
        string provinceCode;
        try
        {
            if (JsonNode.Parse(request.Body) is not JsonObject body || body["items"] is not JsonArray array)
                return SimResponses.National(400, "4000", "body must be { \"provinceCode\": \"..\", \"items\": [...] }");
            if (body["provinceCode"] is not JsonValue province || province.GetValueKind() != JsonValueKind.String)
                return SimResponses.National(400, "4000", "provinceCode is required");
            provinceCode = province.GetValue<string>();
            if (array.Count is 0 or > MaxItems)
                return SimResponses.National(400, "4000", $"items must hold 1..{MaxItems} entries, got {array.Count}");
            items = array;
        }
        catch (JsonException ex)
        {
            return SimResponses.National(400, "4000", "body is not JSON: " + ex.Message);
        }

        // Detach the items from the parsed body so they can be kept on their own.
        var nodes = items.ToArray();
        items.Clear();
        var now = _time.GetUtcNow();
        var checkedItems = nodes.Select((node, index) => Check(upload, faults, node, index, requestId, now, provinceCode)).ToList();

        var accepted = 0;
        var duplicate = 0;
        var rejected = new JsonArray();
        lock (_lock)
        {
            if (!_appliedRequestIds.Add(requestId))
                return Answer(0, nodes.Length, rejected);
            var store = Store(upload.Type);
            foreach (var item in checkedItems)
            {
                if (item.Error is not null)
                    rejected.Add(new JsonObject { ["index"] = item.Index, ["code"] = "2001", ["message"] = item.Error });
                else if (_lose.Remove(item.Received!.Id))
                    accepted++; // answered accepted, kept nowhere: the fault reconciliation must find
                else if (!store.Keys.Add(item.Key!))
                    duplicate++;
                else
                {
                    store.Items.Add(item.Received!);
                    store.Ids.Add(item.Received!.Id);
                    accepted++;
                }
            }
        }
        return Answer(accepted, duplicate, rejected);
    }

    /// <summary>Notes the ids of the items a request carried, before faults decide the answer (a 503 may still be
    /// a request the platform applied, as far as the sender can tell).</summary>
    private void RecordAttempts(UploadType upload, string requestId, string body)
    {
        List<string> ids;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject { } root || root["items"] is not JsonArray array)
                return;
            ids = array.OfType<JsonObject>().Select(item => ItemIdentity.Id(upload, item)).ToList();
        }
        catch (JsonException)
        {
            return;
        }
        lock (_lock)
        {
            var attempts = _attempts[upload.Type];
            foreach (var id in ids)
            {
                if (!attempts.TryGetValue(id, out var requestIds))
                    attempts[id] = requestIds = [];
                requestIds.Add(requestId);
            }
        }
    }

    private static IResponseMessage Answer(int accepted, int duplicate, JsonArray rejected)
        => SimResponses.National(200, "0000", "success", new JsonObject
        {
            ["accepted"] = accepted,
            ["duplicate"] = duplicate,
            ["rejected"] = rejected,
        });

    private static CheckedItem Check(UploadType upload, FaultSettings faults, JsonNode? node, int index, string requestId, DateTimeOffset now,
        string provinceCode)
    {
        if (node is not JsonObject item)
            return new CheckedItem(index, "item must be a JSON object", null, null);
        if (upload.SchemaPath is not null && ContractSchemas.Validate(upload.SchemaPath, item.ToJsonString()) is { Count: > 0 } errors)
            return new CheckedItem(index, string.Join("; ", errors.Take(5)), null, null);
        var id = ItemIdentity.Id(upload, item);
        if (faults.RejectIds.Contains(id))
            return new CheckedItem(index, $"{id} refused by the platform (simulated rejectIds)", null, null);
        var received = new ReceivedItem(requestId, now, item)
        {
            Id = id,
            CountyCode = ItemIdentity.County(item),
            ProvinceCode = provinceCode,
            Date = ItemIdentity.Date(upload, item, now),
        };
        return new CheckedItem(index, null, ItemIdentity.DuplicateKey(upload, item), received);
    }

    private IResponseMessage ScriptedFault(string entry, FaultSettings faults) => entry switch
    {
        "401" => SimResponses.National(401, "4010", "access token expired (scripted)"),
        "429" => TooManyRequests(faults),
        "5000" => SimResponses.National(200, "5000", "system busy, retry later (scripted)"),
        "1001" => SimResponses.National(200, "1001", "access token invalid (scripted)"),
        _ when entry.Length == 3 && int.TryParse(entry, out var status) => SimResponses.National(status, entry, $"HTTP {status} (scripted)"),
        _ => SimResponses.National(200, entry, $"business code {entry} (scripted)"),
    };

    private static IResponseMessage? RandomFault(double roll, FaultSettings faults)
    {
        // One roll walks the cumulative rates so the configured probabilities hold even when several are set.
        if ((roll -= faults.ErrorRate) < 0 || (roll -= faults.Rate503) < 0)
            return SimResponses.National(503, "503", "service unavailable (simulated)");
        if ((roll -= faults.Rate429) < 0)
            return TooManyRequests(faults);
        if ((roll -= faults.Rate5000) < 0)
            return SimResponses.National(200, "5000", "system busy, retry later (simulated)");
        if ((roll -= faults.Rate1001) < 0)
            return SimResponses.National(200, "1001", "access token invalid (simulated)");
        return null;
    }

    private static IResponseMessage TooManyRequests(FaultSettings faults)
        => SimResponses.National(429, "429", "too many requests", null,
            new Dictionary<string, string> { ["Retry-After"] = faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private IResponseMessage ReconcileEndpoint(SimRequest request)
    {
        if (!Authorised(request))
            return SimResponses.National(401, "4010", "access token missing, invalid or expired");
        var type = request.Query["type"];
        if (type is null || !_stores.ContainsKey(type))
            return SimResponses.National(400, "4000", $"type must be one of {string.Join(", ", _stores.Keys)}");
        DateOnly? date = null;
        if (request.Query["date"] is { Length: > 0 } dateText)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", out var parsed))
                return SimResponses.National(400, "4000", "date must be yyyy-MM-dd");
            date = parsed;
        }
        var county = request.Query["countyCode"] is { Length: > 0 } c ? c : null;
        var (count, digest) = Reconcile(type, county, date);
        return SimResponses.National(200, "0000", "success", new JsonObject { ["count"] = count, ["digest"] = digest });
    }

    private IResponseMessage FaultsHook(SimRequest request)
    {
        FaultSettings? faults;
        try
        {
            faults = JsonSerializer.Deserialize<FaultSettings>(string.IsNullOrWhiteSpace(request.Body) ? "{}" : request.Body, _faultJson);
        }
        catch (JsonException ex)
        {
            return SimResponses.National(400, "4000", "fault settings do not parse: " + ex.Message);
        }
        SetFaults(faults ?? new FaultSettings());
        return SimResponses.National(200, "0000", "success");
    }

    private IResponseMessage ResetHook()
    {
        Reset();
        return SimResponses.National(200, "0000", "success");
    }

    private IResponseMessage ReceivedHook(SimRequest request)
    {
        var type = request.Query["type"];
        if (type is null || !_stores.ContainsKey(type))
            return SimResponses.National(400, "4000", $"type must be one of {string.Join(", ", _stores.Keys)}");
        if (string.Equals(request.Query["summary"], "true", StringComparison.OrdinalIgnoreCase))
        {
            var summary = Summary(type);
            return SimResponses.Json(200, new JsonObject { ["type"] = type, ["count"] = summary.Count, ["distinctKeys"] = summary.DistinctKeys });
        }
        return WriteReceived(Received(type));
    }

    private IResponseMessage AttemptsHook(SimRequest request)
    {
        var type = request.Query["type"];
        if (type is null || !_stores.ContainsKey(type))
            return SimResponses.National(400, "4000", $"type must be one of {string.Join(", ", _stores.Keys)}");
        var attempts = Attempts(type);
        return SimResponses.Json(200, writer =>
        {
            writer.WriteStartArray();
            foreach (var item in attempts)
            {
                writer.WriteStartObject();
                writer.WriteString("key", item.Key);
                writer.WriteStartArray("requestIds");
                foreach (var requestId in item.RequestIds)
                    writer.WriteStringValue(requestId);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        });
    }

    internal static IResponseMessage WriteReceived(IReadOnlyList<ReceivedItem> items) => SimResponses.Json(200, writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("count", items.Count);
        writer.WriteStartArray("items");
        foreach (var item in items)
        {
            writer.WriteStartObject();
            writer.WriteString("requestId", item.RequestId);
            writer.WriteString("receivedAt", item.ReceivedAt);
            if (item.ProvinceCode is not null) writer.WriteString("provinceCode", item.ProvinceCode);
            writer.WritePropertyName("item");
            item.Item.WriteTo(writer);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private TypeStore Store(string type)
        => _stores.TryGetValue(type, out var store)
            ? store
            : throw new ArgumentException($"{Name} has no upload type '{type}' (known: {string.Join(", ", _stores.Keys)})", nameof(type));

    private sealed record CheckedItem(int Index, string? Error, string? Key, ReceivedItem? Received);

    /// <summary>Accepted items of one type, with the keys that make a resend a duplicate.</summary>
    private sealed class TypeStore
    {
        public List<ReceivedItem> Items { get; } = [];
        public HashSet<string> Keys { get; } = [];
        public HashSet<string> Ids { get; } = [];

        public void Clear()
        {
            Items.Clear();
            Keys.Clear();
            Ids.Clear();
        }
    }
}
