using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Djet;
using EarTagTrace.Simulator.Http;
using EarTagTrace.Simulator.National;
using WireMock;

namespace EarTagTrace.Simulator.Registry;

/// <summary>
/// 畜禽养殖场户基础信息采集系统 farm registry: serves its records to the hub's incremental pull
/// (GET /openapi/yzc/list, signed), ordered by (gxsj, yzcbm), with hooks to change records and break pages; and takes
/// the farm corrections the hub forwards from 动监e通 (POST /openapi/yzc/correction, signed, answered per row), with
/// faults like 动监e通's and what it accepted on GET /__sim/received?type=yzc-correction.
/// </summary>
public sealed class FarmRegistrySimulator
{
    public const int MaxPageSize = 500;

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries;
    private readonly Dictionary<int, int> _failingPages = [];
    private readonly List<RegistryPageRequest> _requestLog = [];
    private int _listsInFlight, _maxListsInFlight;
    public const string Correction = "yzc-correction";
    private readonly List<ReceivedItem> _corrections = [];
    private readonly Queue<string> _script = new();
    private DjetFaultSettings _writeFaults = new();

    public FarmRegistrySimulator(SimulatorOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _random = new Random(options.Seed ^ 0x5eed);
        var anchor = options.DatasetAnchor ?? StartOfCstDay(time.GetUtcNow());
        _entries = new FarmDatasetGenerator(options.Seed, anchor).Generate(options.Farms).Select(Entry.Of).ToList();
        _entries.Sort();
    }

    /// <summary>A snapshot (deep copies) of the current records in pull order.</summary>
    public IReadOnlyList<JsonObject> Records
    {
        get
        {
            lock (_lock)
                return _entries.Select(e => (JsonObject)e.Record.DeepClone()).ToList();
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
                return _entries.Count;
        }
    }

    public IReadOnlyList<RegistryPageRequest> RequestLog
    {
        get
        {
            lock (_lock)
                return _requestLog.ToList();
        }
    }

    /// <summary>
    /// How long each list request takes before it is answered (default none): with pages that take a while, two pulls
    /// running side by side show as list requests in flight at once (<see cref="MaxConcurrentLists"/>).
    /// </summary>
    public TimeSpan ListDelay { get; set; }

    /// <summary>The most list requests in flight at the same moment since the start (or the last reset).</summary>
    public int MaxConcurrentLists => Volatile.Read(ref _maxListsInFlight);

    /// <summary>Gives <paramref name="n"/> records a new gxsj = now (and a changed stock), so an incremental pull sees them.</summary>
    public IReadOnlyList<string> Touch(int n)
    {
        var now = FarmDatasetGenerator.FormatCst(_time.GetUtcNow());
        FarmDatasetGenerator.TryParseCst(now, out var nowParsed);
        lock (_lock)
        {
            var picked = Enumerable.Range(0, _entries.Count).OrderBy(_ => _random.Next()).Take(Math.Min(n, _entries.Count)).ToList();
            var codes = new List<string>();
            foreach (var index in picked)
            {
                var entry = _entries[index];
                entry.Gxsj = nowParsed;
                entry.Record["gxsj"] = now;
                // A real update changes something besides the timestamp: the herd size moved.
                if (entry.Record["yzzl"] is JsonArray { Count: > 0 } yzzl && yzzl[0] is JsonObject first)
                    first["clsl"] = Math.Max(0, (first["clsl"]?.GetValue<int>() ?? 0) + _random.Next(-5, 20));
                codes.Add(entry.Code);
            }
            _entries.Sort();
            return codes;
        }
    }

    /// <summary>Page <paramref name="page"/> answers HTTP 500 for the next <paramref name="times"/> requests.</summary>
    public void FailPage(int page, int times)
    {
        lock (_lock)
            _failingPages[page] = times;
    }

    /// <summary>The corrections accepted (one per jzid: the registry applies a correction once).</summary>
    public IReadOnlyList<ReceivedItem> ReceivedCorrections
    {
        get
        {
            lock (_lock)
                return _corrections.ToList();
        }
    }

    /// <summary>
    /// Faults on the correction endpoint, the 动监e通 simulator's kind (rates, Retry-After, script, latency); RejectIds are
    /// farm codes whose rows are rejected one by one (code 4004), the rest of the call being applied.
    /// </summary>
    public void SetWriteFaults(DjetFaultSettings faults)
    {
        lock (_lock)
        {
            _writeFaults = faults;
            _script.Clear();
            foreach (var entry in faults.Script)
                _script.Enqueue(entry);
        }
    }

    /// <summary>Clears faults, the request log and the corrections received; the records stay as they are.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _corrections.Clear();
            _script.Clear();
            _writeFaults = new DjetFaultSettings();
            _failingPages.Clear();
            _requestLog.Clear();
            Volatile.Write(ref _maxListsInFlight, 0);
        }
    }

    internal async Task<IResponseMessage> HandleAsync(SimRequest request)
    {
        if ((request.Method, request.Path) == ("GET", "/openapi/yzc/list"))
        {
            var inFlight = Interlocked.Increment(ref _listsInFlight);
            for (var max = Volatile.Read(ref _maxListsInFlight); inFlight > max; max = Volatile.Read(ref _maxListsInFlight))
                if (Interlocked.CompareExchange(ref _maxListsInFlight, inFlight, max) == max) break;
            try
            {
                if (ListDelay > TimeSpan.Zero) await Task.Delay(ListDelay);
                return List(request);
            }
            finally
            {
                Interlocked.Decrement(ref _listsInFlight);
            }
        }
        IResponseMessage response = (request.Method, request.Path) switch
        {
            ("POST", "/openapi/yzc/correction") => await CorrectAsync(request),
            ("GET", "/__sim/received") => ReceivedHook(request),
            ("POST", "/__sim/registry/touch") => TouchHook(request),
            ("POST", "/__sim/faults") => FaultHook(request),
            ("POST", "/__sim/reset") => ResetHook(),
            ("GET", "/__sim/requests") => RequestsHook(),
            _ => SimResponses.Partner(404, 4040, $"no such endpoint {request.Method} {request.Path}"),
        };
        return response;
    }

    private IResponseMessage List(SimRequest request)
    {
        var refusal = PartnerSignature.Verify(_options.RegistryAppKey, _options.RegistrySecret, _time.GetUtcNow(),
            request.Header(PartnerSignature.AppKeyHeader), request.Header(PartnerSignature.TimestampHeader),
            request.Header(PartnerSignature.SignHeader), request.Method, request.PathAndQuery, request.Body);
        var gxsjStart = request.Query["gxsjStart"];
        var page = ParseInt(request.Query["page"], 1);
        var pageSize = ParseInt(request.Query["pageSize"], MaxPageSize);
        if (refusal is not null)
            return Logged(page, pageSize, gxsjStart, SimResponses.Partner(401, refusal.Code, refusal.Message));

        DateTimeOffset? start = null;
        if (!string.IsNullOrEmpty(gxsjStart))
        {
            if (!FarmDatasetGenerator.TryParseCst(gxsjStart, out var parsed))
                return Logged(page, pageSize, gxsjStart, SimResponses.Partner(400, 4001, "gxsjStart must be yyyy-MM-dd HH:mm:ss"));
            start = parsed;
        }
        if (page is null or < 1 || pageSize is null or < 1 or > MaxPageSize)
            return Logged(page, pageSize, gxsjStart, SimResponses.Partner(400, 4002, $"page must be ≥ 1 and pageSize 1..{MaxPageSize}"));

        lock (_lock)
        {
            if (_failingPages.TryGetValue(page.Value, out var left) && left > 0)
            {
                _failingPages[page.Value] = left - 1;
                return Logged(page, pageSize, gxsjStart, SimResponses.Partner(500, 5000, "registry internal error (simulated)"));
            }
            var first = start is null ? 0 : LowerBound(start.Value);
            var total = _entries.Count - first;
            var skip = (long)(page.Value - 1) * pageSize.Value;
            var response = SimResponses.Json(200, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("code", 0);
                writer.WriteString("msg", "ok");
                writer.WriteStartObject("data");
                writer.WriteNumber("total", total);
                writer.WriteNumber("page", page.Value);
                writer.WriteNumber("pageSize", pageSize.Value);
                writer.WriteStartArray("rows");
                for (var i = first + skip; i < _entries.Count && i < first + skip + pageSize.Value; i++)
                    _entries[(int)i].Record.WriteTo(writer);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
            return LoggedLocked(page.Value, pageSize.Value, gxsjStart, response);
        }
    }

    private int LowerBound(DateTimeOffset start)
    {
        int lo = 0, hi = _entries.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_entries[mid].Gxsj < start)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private IResponseMessage Logged(int? page, int? pageSize, string? gxsjStart, IResponseMessage response)
    {
        lock (_lock)
            return LoggedLocked(page ?? 0, pageSize ?? 0, gxsjStart, response);
    }

    private IResponseMessage LoggedLocked(int page, int pageSize, string? gxsjStart, IResponseMessage response)
    {
        _requestLog.Add(new RegistryPageRequest(page, pageSize, gxsjStart, response.StatusCode is int s ? s : 200, _time.GetUtcNow()));
        return response;
    }

    private IResponseMessage TouchHook(SimRequest request)
    {
        var n = ParseInt(request.Query["n"], 1) ?? 1;
        var codes = Touch(n);
        return SimResponses.Json(200, new JsonObject { ["touched"] = new JsonArray(codes.Select(c => (JsonNode?)c).ToArray()) });
    }

    private IResponseMessage FaultHook(SimRequest request)
    {
        var body = JsonNode.Parse(string.IsNullOrWhiteSpace(request.Body) ? "{}" : request.Body) as JsonObject;
        // Without failPage the body is the correction endpoint's faults (rate503, rate429, rate5000, script, rejectIds).
        if (body is not null && !body.ContainsKey("failPage"))
        {
            try
            {
                SetWriteFaults(body.Deserialize<DjetFaultSettings>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? new DjetFaultSettings());
                return SimResponses.Partner(200, 0, "ok");
            }
            catch (JsonException ex)
            {
                return SimResponses.Partner(400, 4000, "fault settings do not parse: " + ex.Message);
            }
        }
        if (body?["failPage"] is not JsonValue failPage)
            return SimResponses.Partner(400, 4003, "body must be { \"failPage\": n, \"times\": m } or correction faults");
        FailPage(failPage.GetValue<int>(), body["times"]?.GetValue<int>() ?? 1);
        return SimResponses.Partner(200, 0, "ok");
    }

    private IResponseMessage ResetHook()
    {
        Reset();
        return SimResponses.Partner(200, 0, "ok");
    }

    private IResponseMessage RequestsHook() => SimResponses.Json(200, writer =>
    {
        writer.WriteStartArray();
        foreach (var r in RequestLog)
        {
            writer.WriteStartObject();
            writer.WriteNumber("page", r.Page);
            writer.WriteNumber("pageSize", r.PageSize);
            writer.WriteString("gxsjStart", r.GxsjStart);
            writer.WriteNumber("status", r.Status);
            writer.WriteString("at", r.At);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    });

    /// <summary>
    /// 现场纠正 from 动监e通 through the hub: signed like the pull, validated against farm-registry/correction-batch, each
    /// row applied once per jzid; rows of a farm in RejectIds are rejected one by one.
    /// </summary>
    private async Task<IResponseMessage> CorrectAsync(SimRequest request)
    {
        var refusal = PartnerSignature.Verify(_options.RegistryAppKey, _options.RegistrySecret, _time.GetUtcNow(),
            request.Header(PartnerSignature.AppKeyHeader), request.Header(PartnerSignature.TimestampHeader),
            request.Header(PartnerSignature.SignHeader), request.Method, request.PathAndQuery, request.Body);
        if (refusal is not null)
            return SimResponses.Partner(401, refusal.Code, refusal.Message);
        DjetFaultSettings faults;
        string? scripted;
        double roll;
        lock (_lock)
        {
            faults = _writeFaults;
            _script.TryDequeue(out scripted);
            roll = _random.NextDouble();
        }
        if (faults.LatencyMs > 0)
            await Task.Delay(faults.LatencyMs);
        if (scripted is not null)
            return scripted.Length == 3 && int.TryParse(scripted, out var status)
                ? SimResponses.Partner(status, status * 10, $"HTTP {status} (scripted)")
                : SimResponses.Partner(200, int.TryParse(scripted, out var code) ? code : 5999, $"business code {scripted} (scripted)");
        if ((roll -= faults.Rate503) < 0)
            return SimResponses.Partner(503, 5030, "service unavailable (simulated)");
        if ((roll -= faults.Rate429) < 0)
            return SimResponses.Json(429, new JsonObject { ["code"] = 4290, ["msg"] = "too many requests" },
                new Dictionary<string, string> { ["Retry-After"] = faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if ((roll -= faults.Rate5000) < 0)
            return SimResponses.Partner(200, 5000, "system busy, retry later (simulated)");

        if (ContractSchemas.Validate("farm-registry/correction-batch.schema.json", request.Body) is { Count: > 0 } errors)
            return SimResponses.Partner(400, 4003, "schema: " + string.Join("; ", errors.Take(5)));
        var rows = (JsonNode.Parse(request.Body)!["rows"] as JsonArray)!;
        var rejected = new JsonArray();
        var accepted = 0;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var known = _corrections.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = (JsonObject)rows[i]!.DeepClone();
                var farm = row["yzcbm"]!.GetValue<string>();
                if (faults.RejectIds.Contains(farm))
                {
                    rejected.Add(new JsonObject { ["index"] = i, ["code"] = "4004", ["msg"] = $"yzcbm {farm} refused (simulated)" });
                    continue;
                }
                accepted++;
                var id = row["jzid"]!.GetValue<string>();
                if (known.Add(id))
                    _corrections.Add(new ReceivedItem(request.Header("X-Request-Id"), now, row) { Id = id });
            }
        }
        return SimResponses.Json(200, new JsonObject
        {
            ["code"] = 0, ["msg"] = "ok", ["data"] = new JsonObject { ["accepted"] = accepted, ["rejected"] = rejected },
        });
    }

    private IResponseMessage ReceivedHook(SimRequest request)
    {
        if (request.Query["type"] is { } type && type != Correction)
            return SimResponses.Partner(400, 4000, $"type must be {Correction}");
        return NationalPlatformSimulator.WriteReceived(ReceivedCorrections);
    }

    private static int? ParseInt(string? text, int fallback)
        => string.IsNullOrEmpty(text) ? fallback : int.TryParse(text, out var value) ? value : null;

    private static DateTimeOffset StartOfCstDay(DateTimeOffset now)
    {
        var cst = now.ToOffset(FarmDatasetGenerator.Cst);
        return new DateTimeOffset(cst.Date, FarmDatasetGenerator.Cst);
    }

    /// <summary>A record with its sort key parsed once; ordered by (gxsj, yzcbm) as the registry pages them.</summary>
    private sealed class Entry : IComparable<Entry>
    {
        public required string Code { get; init; }
        public required DateTimeOffset Gxsj { get; set; }
        public required JsonObject Record { get; init; }

        public static Entry Of(JsonObject record)
        {
            FarmDatasetGenerator.TryParseCst(record["gxsj"]?.GetValue<string>(), out var gxsj);
            return new Entry { Code = record["yzcbm"]!.GetValue<string>(), Gxsj = gxsj, Record = record };
        }

        public int CompareTo(Entry? other)
        {
            if (other is null)
                return 1;
            var byTime = Gxsj.CompareTo(other.Gxsj);
            return byTime != 0 ? byTime : string.CompareOrdinal(Code, other.Code);
        }
    }
}
