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

    private readonly Lock _lock = new();
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

    public void Reset()
    {
        lock (_lock)
        {
            foreach (var list in _received.Values)
                list.Clear();
        }
    }

    internal Task<IResponseMessage> HandleAsync(SimRequest request)
    {
        IResponseMessage response = (request.Method, request.Path) switch
        {
            ("POST", "/api/yzc/sync") => Signed(request, () => Sync(request)),
            ("POST", "/api/county-feature") => Signed(request, () => Feature(request)),
            ("POST", "/api/tag-stock/sync") => Signed(request, () => StockSync(request)),
            ("GET", "/__sim/received") => ReceivedHook(request),
            ("POST", "/__sim/reset") => ResetHook(),
            _ => SimResponses.Partner(404, 4040, $"no such endpoint {request.Method} {request.Path}"),
        };
        return Task.FromResult(response);
    }

    private IResponseMessage Signed(SimRequest request, Func<IResponseMessage> handle)
    {
        var refusal = PartnerSignature.Verify(options.DjetAppKey, options.DjetSecret, time.GetUtcNow(),
            request.Header(PartnerSignature.AppKeyHeader), request.Header(PartnerSignature.TimestampHeader),
            request.Header(PartnerSignature.SignHeader), request.Method, request.PathAndQuery, request.Body);
        return refusal is null ? handle() : SimResponses.Partner(401, refusal.Code, refusal.Message);
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
