using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Http;
using EarTagTrace.Simulator.National;
using WireMock;

namespace EarTagTrace.Simulator.Djet;

/// <summary>
/// 动监e通 backend, the side the hub calls (docs/partners.md, 动监e通): farm records synced in registry format and the county
/// switch of the new function. Verifies the hub's signature, validates, and keeps what it accepted.
/// </summary>
public sealed class DjetSimulator(SimulatorOptions options, TimeProvider time)
{
    public const string YzcSync = "yzc-sync";
    public const string CountyFeature = "county-feature";
    public const string TagStock = "tag-stock";

    private static readonly JsonSerializerOptions _faultJson = new(JsonSerializerDefaults.Web);
    private readonly Lock _lock = new();
    private readonly Queue<string> _script = new();
    private readonly Random _random = new(options.Seed ^ 0x0d7e7);
    private DjetFaultSettings _faults = new();
    private readonly Dictionary<string, List<ReceivedItem>> _received = new()
    {
        [YzcSync] = [],
        [CountyFeature] = [],
        [TagStock] = [],
    };

    /// <summary>
    /// Accepted items: each synced farm row for yzc-sync, each switch message for county-feature, each stock range entered
    /// from the hub for tag-stock (once per djid: 动监e通 applies a registration once).
    /// </summary>
    public IReadOnlyList<ReceivedItem> Received(string type)
    {
        lock (_lock)
            return _received.TryGetValue(type, out var items)
                ? items.ToList()
                : throw new ArgumentException($"动监e通 has no type '{type}' (known: {YzcSync}, {CountyFeature}, {TagStock})", nameof(type));
    }

    /// <summary>Clears what was received and the faults.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach (var list in _received.Values)
                list.Clear();
            _script.Clear();
            _faults = new DjetFaultSettings();
        }
    }

    /// <summary>Replaces the current faults; the script replaces the queued one.</summary>
    public void SetFaults(DjetFaultSettings faults)
    {
        lock (_lock)
        {
            _faults = faults;
            _script.Clear();
            foreach (var entry in faults.Script)
                _script.Enqueue(entry);
        }
    }

    internal async Task<IResponseMessage> HandleAsync(SimRequest request) => (request.Method, request.Path) switch
    {
        ("POST", "/api/yzc/sync") => await SignedAsync(request, "yzcbm", () => Sync(request)),
        ("POST", "/api/county-feature") => await SignedAsync(request, "xzqhdm", () => Feature(request)),
        ("POST", "/api/tag-stock/sync") => await SignedAsync(request, "djid", () => StockSync(request)),
        ("GET", "/__sim/received") => ReceivedHook(request),
        ("POST", "/__sim/faults") => FaultsHook(request),
        ("POST", "/__sim/reset") => ResetHook(),
        _ => SimResponses.Partner(404, 4040, $"no such endpoint {request.Method} {request.Path}"),
    };

    private async Task<IResponseMessage> SignedAsync(SimRequest request, string idField, Func<IResponseMessage> handle)
    {
        var refusal = PartnerSignature.Verify(options.DjetAppKey, options.DjetSecret, time.GetUtcNow(),
            request.Header(PartnerSignature.AppKeyHeader), request.Header(PartnerSignature.TimestampHeader),
            request.Header(PartnerSignature.SignHeader), request.Method, request.PathAndQuery, request.Body);
        if (refusal is not null)
            return SimResponses.Partner(401, refusal.Code, refusal.Message);
        return await FaultAsync(request, idField) ?? handle();
    }

    private async Task<IResponseMessage?> FaultAsync(SimRequest request, string idField)
    {
        DjetFaultSettings faults;
        string? scripted;
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
        {
            return scripted switch
            {
                "429" => TooManyRequests(faults),
                _ when scripted.Length == 3 && int.TryParse(scripted, out var status) => SimResponses.Partner(status, status * 10, $"HTTP {status} (scripted)"),
                _ when int.TryParse(scripted, out var code) => SimResponses.Partner(200, code, $"business code {code} (scripted)"),
                _ => SimResponses.Partner(200, 5999, $"unknown script entry '{scripted}'"),
            };
        }
        // One roll walks the cumulative rates, as on the national platforms.
        if ((roll -= faults.Rate503) < 0)
            return SimResponses.Partner(503, 5030, "service unavailable (simulated)");
        if ((roll -= faults.Rate429) < 0)
            return TooManyRequests(faults);
        if ((roll -= faults.Rate5000) < 0)
            return SimResponses.Partner(200, 5000, "system busy, retry later (simulated)");
        if (faults.RejectIds.Count > 0 && RejectedId(request.Body, idField, faults.RejectIds) is { } id)
            return SimResponses.Partner(400, 4003, $"{idField} {id} refused (simulated)");
        return null;
    }

    private static string? RejectedId(string body, string idField, IReadOnlyList<string> rejectIds)
    {
        var root = Parse(body);
        IEnumerable<JsonNode?> records = root is JsonObject o && o["rows"] is JsonArray rows ? rows : [root];
        return records.OfType<JsonObject>().Select(r => Text(r, idField)).FirstOrDefault(id => id is not null && rejectIds.Contains(id));
    }

    private static IResponseMessage TooManyRequests(DjetFaultSettings faults)
    {
        var retryAfter = faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SimResponses.Json(429, new JsonObject { ["code"] = 4290, ["msg"] = "too many requests" }, new Dictionary<string, string> { ["Retry-After"] = retryAfter });
    }

    private IResponseMessage FaultsHook(SimRequest request)
    {
        DjetFaultSettings? faults;
        try
        {
            faults = JsonSerializer.Deserialize<DjetFaultSettings>(string.IsNullOrWhiteSpace(request.Body) ? "{}" : request.Body, _faultJson);
        }
        catch (JsonException ex)
        {
            return SimResponses.Partner(400, 4000, "fault settings do not parse: " + ex.Message);
        }
        SetFaults(faults ?? new DjetFaultSettings());
        return SimResponses.Partner(200, 0, "ok");
    }

    private IResponseMessage Sync(SimRequest request)
    {
        if (Parse(request.Body) is not JsonObject body || body["rows"] is not JsonArray rows)
            return SimResponses.Partner(400, 4001, "body must be { \"rows\": [farm records] }");
        if (rows.Count is 0 or > 500)
            return SimResponses.Partner(400, 4002, $"rows must hold 1..500 records, got {rows.Count}");
        if (ContractSchemas.Validate("djet/yzc-sync.schema.json", request.Body) is { Count: > 0 } errors)
            return SimResponses.Partner(400, 4003, "schema: " + string.Join("; ", errors.Take(5)));
        // Without a schema, 动监e通 still insists on the fields it keys and files farms by.
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not JsonObject row || Text(row, "yzcbm") is not { Length: > 0 } || Text(row, "xzqhdm") is not { Length: 9 or 12 })
                return SimResponses.Partner(400, 4003, $"rows[{i}] needs yzcbm and a 9- or 12-digit xzqhdm");
        }
        var now = time.GetUtcNow();
        var nodes = rows.ToArray();
        rows.Clear();
        lock (_lock)
        {
            foreach (var node in nodes)
                _received[YzcSync].Add(new ReceivedItem(request.Header("X-Request-Id"), now, (JsonObject)node!) { Id = Text((JsonObject)node!, "yzcbm")! });
        }
        return SimResponses.Partner(200, 0, "ok");
    }

    private IResponseMessage Feature(SimRequest request)
    {
        if (Parse(request.Body) is not JsonObject body)
            return SimResponses.Partner(400, 4001, "body must be { \"xzqhdm\", \"qy\", \"qysj\" }");
        if (ContractSchemas.Validate("djet/county-feature.schema.json", request.Body) is { Count: > 0 } errors)
            return SimResponses.Partner(400, 4003, "schema: " + string.Join("; ", errors.Take(5)));
        if (Text(body, "xzqhdm") is not { Length: 6 } county || !county.All(char.IsAsciiDigit))
            return SimResponses.Partner(400, 4003, "xzqhdm must be a 6-digit county code");
        if (body["qy"] is not JsonValue qy || qy.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            return SimResponses.Partner(400, 4003, "qy must be true or false");
        if (!Registry.FarmDatasetGenerator.TryParseCst(Text(body, "qysj"), out _))
            return SimResponses.Partner(400, 4003, "qysj must be yyyy-MM-dd HH:mm:ss");
        lock (_lock)
            _received[CountyFeature].Add(new ReceivedItem(request.Header("X-Request-Id"), time.GetUtcNow(), body) { Id = county });
        return SimResponses.Partner(200, 0, "ok");
    }

    /// <summary>
    /// 库存耳标 registered at the hub, entered into 动监e通 (录入动监e通). Box and pack are required as in 动监e通's own
    /// 库存耳标登记表; a djid already entered is acknowledged and not kept twice.
    /// </summary>
    private IResponseMessage StockSync(SimRequest request)
    {
        if (Parse(request.Body) is not JsonObject body || body["rows"] is not JsonArray rows)
            return SimResponses.Partner(400, 4001, "body must be { \"djdw\", \"rows\": [ranges] }");
        if (ContractSchemas.Validate("djet/tag-stock-sync.schema.json", request.Body) is { Count: > 0 } errors)
            return SimResponses.Partner(400, 4003, "schema: " + string.Join("; ", errors.Take(5)));
        var registrar = Text(body, "djdw");
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var known = _received[TagStock].Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var node in rows.ToArray())
            {
                var row = (JsonObject)node!.DeepClone();
                row["djdw"] = registrar;
                var id = Text(row, "djid")!;
                if (known.Add(id))
                    _received[TagStock].Add(new ReceivedItem(request.Header("X-Request-Id"), now, row) { Id = id });
            }
        }
        return SimResponses.Partner(200, 0, "ok");
    }

    private IResponseMessage ReceivedHook(SimRequest request)
    {
        var type = request.Query["type"] ?? "";
        if (!_received.ContainsKey(type))
            return SimResponses.Partner(400, 4000, $"type must be {YzcSync}, {CountyFeature} or {TagStock}");
        var items = Received(type);
        if (string.Equals(request.Query["summary"], "true", StringComparison.OrdinalIgnoreCase))
            return SimResponses.Json(200, new JsonObject { ["type"] = type, ["count"] = items.Count, ["distinctKeys"] = items.Select(i => i.Id).Distinct().Count() });
        return NationalPlatformSimulator.WriteReceived(items);
    }

    private IResponseMessage ResetHook()
    {
        Reset();
        return SimResponses.Partner(200, 0, "ok");
    }

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject item, string field)
        => item[field] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}
