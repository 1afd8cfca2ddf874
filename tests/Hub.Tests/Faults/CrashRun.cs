using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>How big a crash run is and what goes wrong during it.</summary>
public sealed record CrashRunOptions
{
    /// <summary>Registry records pushed during the run, in signed batches of 500.</summary>
    public int Records { get; init; } = 10_000;
    /// <summary>动监e通 messages sent during the run: first and second issuances, declarations, certificates.</summary>
    public int LedgerMessages { get; init; } = 1_000;
    /// <summary>kill -9 this many times, at random moments of the run (seeded).</summary>
    public int Kills { get; init; } = 1;
    public int Instances { get; init; } = 1;
    /// <summary>Start a killed hub again at once (same instance id); otherwise the others must take its work over.</summary>
    public bool RestartAfterKill { get; init; } = true;
    /// <summary>host:port of a RabbitMQ node (virtual host eartag-tests): then RabbitMQ and Quartz's clustered store.</summary>
    public string? RabbitMq { get; init; }
    /// <summary>Every instance pulls the registry on a short interval, to show the pull never runs twice at once.</summary>
    public bool PullRegistry { get; init; }
    public int Seed { get; init; } = 20261129;
    /// <summary>Parallel senders of each kind (registry, 动监e通), as partners send.</summary>
    public int Senders { get; init; } = 3;
    /// <summary>
    /// Every n-th message (0: none) the partner gives up on after 20–400 ms, as a partner with a short timeout does:
    /// the hub may still commit it, so unanswered-but-applied messages occur even when no kill lands between a
    /// commit and its answer.
    /// </summary>
    public int AbandonEvery { get; init; } = 40;
    /// <summary>
    /// Rolling restarts instead of kills (0: none): this many rounds, each stopping every hub in turn with SIGTERM
    /// (it drains) and starting it again before the next, as `./eartag restart --rolling` does. Partners then resend a
    /// 503 after its Retry-After, and the ledger senders keep sending (past LedgerMessages at one message per 100 ms per
    /// sender, up to 10 × LedgerMessages) until the last round
    /// ends, so load runs through every restart.
    /// </summary>
    public int RollingRounds { get; init; }
    /// <summary>The drain settings of every hub (Drain:RetryAfterSeconds, short so a test does not idle).</summary>
    public int DrainRetryAfterSeconds { get; init; } = 1;
    /// <summary>Run this hub executable (a published dist/hub) instead of the built dll.</summary>
    public string? HubExecutable { get; init; }
    /// <summary>Settings (':' separated) under the run's own: e.g. those of the sample env file.</summary>
    public IReadOnlyDictionary<string, string?>? BaseSettings { get; init; }

    /// <summary>Sizes from the environment (EARTAG_FAULT_RECORDS, _MESSAGES, _KILLS, _SEED), for ./eartag faults.</summary>
    public CrashRunOptions FromEnvironment()
    {
        static int? Env(string name) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : null;
        return this with
        {
            Records = Env("EARTAG_FAULT_RECORDS") ?? Records,
            LedgerMessages = Env("EARTAG_FAULT_MESSAGES") ?? LedgerMessages,
            Kills = Env("EARTAG_FAULT_KILLS") ?? Kills,
            Seed = Env("EARTAG_FAULT_SEED") ?? Seed,
        };
    }
}

/// <summary>One partner message as the partner keeps it, to send it again byte for byte.</summary>
public sealed record PartnerMessage(string Kind, string Path, string AppKey, string Secret, string Body, string Key, IReadOnlyList<string> Keys);

/// <summary>What the hub answered: the HTTP status, the envelope's code and jg, and the reason codes.</summary>
public sealed record PartnerAnswer(int Status, int? Code, string? Jg, string Reasons)
{
    /// <summary>The Retry-After header, when the answer carried one (a 503 while draining).</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary>A ProblemDetails answer's title: its reason code (e.g. HUB_DRAINING).</summary>
    public string? Problem { get; init; }
    public bool Accepted => Status == 200 && Code == 0 && Jg is null or "accepted";
    public override string ToString() => $"{Status} code {Code}{(Jg is null ? "" : " jg " + Jg)}{(Reasons.Length > 0 ? " " + Reasons : "")}";
}

/// <summary>
/// A crash run against real hub processes (kill -9 needs a process): the hub(s) on a database of the run's own, the
/// partner simulators in this process, registry records and 动监e通 ledger messages (一次/二次发放, 检疫申报,
/// 产地检疫合格证明) sent by parallel partners while hubs are killed with SIGKILL at seeded random moments. A partner
/// sends each message once during the run; one that gets no answer is set aside, as a partner's resend queue would
/// hold it. Afterwards <see cref="VerifyAsync"/> checks the four properties of issue #12:
/// 1. every message answered code 0 is applied exactly once (canonical tables and their outbox rows);
/// 2. every outbox row is delivered, and no item reached a partner under two request ids (the simulators' record);
/// 3. nothing is left claimed, queued or pending (and no Quartz trigger is left fired by a dead instance);
/// 4. a message that got no answer was applied once or not at all, and its resend (and the resend of a sample of
///    answered ones) gets the answer an original gets, applying nothing twice.
/// </summary>
public sealed class CrashRun : IAsyncDisposable
{
    public const string County = "220122", Township = "220122100";
    private const int BatchSize = 500;
    private const int FarmTags = 2_000;
    private const int DeclarationFarms = 40;

    private readonly CrashRunOptions _o;
    private readonly Action<string> _say;
    private readonly List<Slot> _slots = [];
    private readonly Random _rng;
    private readonly HubCluster _cluster;

    // The world: farms that declare, their QR tokens and tag cursors; the county's and the township's unissued blocks.
    private readonly List<(string Code, string Qr)> _declarers = [];
    private readonly long[] _farmCursor = new long[DeclarationFarms];
    private long _countyCursor, _townshipCursor;
    private int _ids;

    // What the partners sent and what they were answered.
    private readonly ConcurrentDictionary<PartnerMessage, PartnerAnswer> _answered = new();
    private readonly ConcurrentBag<PartnerMessage> _unanswered = [];
    private int _abandoned;
    private readonly ConcurrentQueue<(string Id, int Farm, string[] Tags)> _toCertify = new();
    private readonly ConcurrentBag<(PartnerMessage Message, PartnerAnswer Original, PartnerAnswer Resent)> _resent = [];
    private readonly List<string> _killed = [];
    private Stopwatch? _sinceLastRestart, _sinceLastKill;
    // Rolling restarts: the 503s partners resent after Retry-After, any other 5xx, and how each restart went.
    private int _drainRefusals;
    private readonly ConcurrentBag<string> _other5xx = [];
    private readonly List<string> _restarts = [];
    private volatile bool _rollingDone;
    /// <summary>Faulted when the killer or the roller fails (a hub that did not come back): senders stop waiting for one.</summary>
    private readonly TaskCompletionSource _restartFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public List<string> FarmCodes { get; } = [];

    private CrashRun(CrashRunOptions options, HubCluster cluster, Action<string> say)
    {
        _o = options;
        _cluster = cluster;
        _say = say;
        _rng = new Random(options.Seed);
    }

    public PartnerSimulators Partners => _cluster.Partners;
    public string ConnectionString => _cluster.ConnectionString;
    public IReadOnlyList<string> Killed => _killed;
    /// <summary>503 answers with Retry-After (HUB_DRAINING) that partners waited out and resent.</summary>
    public int DrainRefusals => Volatile.Read(ref _drainRefusals);
    /// <summary>Every 5xx that was not a 503 with Retry-After: what a partner must never get.</summary>
    public IReadOnlyCollection<string> Other5xx => _other5xx;
    public IReadOnlyList<string> Restarts => _restarts;
    private int LedgerCap => _o.RollingRounds > 0 ? _o.LedgerMessages * 10 : _o.LedgerMessages;

    public static async Task<CrashRun> CreateAsync(CrashRunOptions options, Action<string> say)
    {
        var cluster = await HubCluster.CreateAsync("eartag_crash",
            new SimulatorOptions { Farms = options.PullRegistry ? 300 : 10, Seed = options.Seed % 1000 });
        var run = new CrashRun(options, cluster, say);
        if (options.PullRegistry)
        {
            // Each page takes a while, so two pulls running side by side would be seen overlapping at the registry.
            run.Partners.Registry.ListDelay = TimeSpan.FromMilliseconds(150);
        }
        for (var i = 0; i < options.Instances; i++)
            run._slots.Add(new Slot($"crash-{(char)('a' + i)}", new HubProcess(run.Settings($"crash-{(char)('a' + i)}"), options.HubExecutable)));
        return run;
    }

    /// <summary>The same instance id after a restart: the restarted hub takes its earlier claims back at once.</summary>
    private Dictionary<string, string> Settings(string instance)
    {
        var s = new Dictionary<string, string?>(_o.BaseSettings ?? new Dictionary<string, string?>())
        {
            ["Partners:FarmRegistry:PullEnabled"] = _o.PullRegistry ? "true" : "false",
            ["Limits:PartnerPerSecond"] = "0",
            ["Reconciliation:NightlyEnabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Drain:RetryAfterSeconds"] = _o.DrainRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (_o.PullRegistry)
        {
            s["Partners:FarmRegistry:PullIntervalSeconds"] = "1";
            s["Partners:FarmRegistry:PageSize"] = "50";
        }
        if (_o.RabbitMq is { } rabbit)
        {
            s["Messaging:Transport"] = "RabbitMq";
            s["Messaging:RabbitMqHost"] = rabbit.Split(':')[0];
            s["Messaging:RabbitMqPort"] = rabbit.Split(':')[1];
            s["Messaging:RabbitMqVirtualHost"] = "eartag-tests";
            s["Scheduling:Clustered"] = "true";
        }
        return _cluster.ProcessSettings(instance, s);
    }

    // ---------------------------------------------------------------- setup

    /// <summary>Starts the hubs and builds the world the ledger messages need, through the hub's own endpoints.</summary>
    public async Task StartAsync()
    {
        foreach (var slot in _slots)
        {
            await slot.Hub.StartAsync();
            slot.MarkUp();
        }
        using var http = Client(_slots[0].Hub.Url);
        var login = await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "admin-sandbox" });
        Assert.True(login.IsSuccessStatusCode, "admin login: " + await login.Content.ReadAsStringAsync());
        var token = (string)JsonNode.Parse(await login.Content.ReadAsStringAsync())!["accessToken"]!;
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var put = await http.PutAsJsonAsync($"/api/rollout/counties/{County}", new { enabled = true, since = "2026-01-01" });
        Assert.True(put.IsSuccessStatusCode, "rollout: " + await put.Content.ReadAsStringAsync());

        // Farms that declare: in the township, with a herd far larger than anything declared.
        var farms = Enumerable.Range(1, DeclarationFarms).Select(i => $"FR220122{700000 + i:D6}").ToList();
        FarmCodes.AddRange(farms);
        await SetupAsync(http, Registry(farms.Select(c => RegistryPush.Farm(c, pigs: 90_000))));
        // The county's stock: a block per farm (issued to it below), then blocks the run issues further.
        var runTags = (long)LedgerCap * 100 + 10_000;
        var total = DeclarationFarms * FarmTags + 2 * runTags;
        var rows = new JsonArray();
        for (long first = 1, box = 1; first <= total; first += 100_000, box++)
        {
            var last = Math.Min(total, first + 99_999);
            rows.Add(new JsonObject
            {
                ["xh"] = $"B{box}", ["bh"] = "P1", ["qshm"] = DjetPush.Pig(first), ["zzhm"] = DjetPush.Pig(last),
                ["sl"] = last - first + 1, ["djsj"] = "2026-05-01 09:00:00",
            });
        }
        await SetupAsync(http, Djet("tag-stock", new JsonObject { ["djdw"] = County, ["rows"] = rows }, "stock"));
        // County → township: the farms' blocks and the township block the run's second issuances come from.
        var farmBlocks = (long)DeclarationFarms * FarmTags;
        await SetupAsync(http, Djet("tag-issuances", DjetPush.Issue("CR-FF1-SETUP", "1", County, Township, "XZ",
            (DjetPush.Pig(1), DjetPush.Pig(farmBlocks + runTags))), "CR-FF1-SETUP"));
        for (var f = 0; f < DeclarationFarms; f++)
        {
            var first = 1 + (long)f * FarmTags;
            await SetupAsync(http, Djet("tag-issuances", DjetPush.Issue($"CR-FF2-SETUP-{f}", "2", Township, farms[f], "YZC",
                (DjetPush.Pig(first), DjetPush.Pig(first + FarmTags - 1))), $"CR-FF2-SETUP-{f}"));
            _farmCursor[f] = first;
            var qr = await http.GetFromJsonAsync<JsonObject>($"/api/farms/{farms[f]}/qr");
            _declarers.Add((farms[f], qr!["token"]!.GetValue<string>()));
        }
        _townshipCursor = farmBlocks + 1;
        _countyCursor = farmBlocks + runTags + 1;
    }

    private async Task SetupAsync(HttpClient http, PartnerMessage message)
    {
        var answer = await SendAsync(http, message);
        Assert.True(answer.Accepted, $"setup {message.Kind} {message.Key}: {answer}");
    }

    // ---------------------------------------------------------------- messages

    private static PartnerMessage Registry(IEnumerable<JsonObject> rows)
    {
        var list = rows.ToList();
        var body = new JsonObject { ["rows"] = new JsonArray(list.Select(r => (JsonNode)r).ToArray()) }.ToJsonString();
        var codes = list.Select(r => r["yzcbm"]!.GetValue<string>()).ToList();
        return new PartnerMessage("farms", RegistryPush.Path, "fr-sandbox", "fr-sandbox-secret", body, codes[0], codes);
    }

    private static PartnerMessage Djet(string path, JsonObject body, string key, string? kind = null) =>
        new(kind ?? path, "/adapters/djet/" + path, "dj-sandbox", "dj-sandbox-secret", body.ToJsonString(), key, [key]);

    private string NextId(string prefix) => $"{prefix}-{_o.Seed}-{Interlocked.Increment(ref _ids):D7}";

    /// <summary>The n-th ledger message of the run: fresh material each time, so every one is valid whatever the order.</summary>
    private PartnerMessage LedgerMessage(int n, Random rng)
    {
        switch (n % 10)
        {
            case 0 or 1:
            {
                // 一次发放 county → township of 100 tags the county still holds.
                var first = Interlocked.Add(ref _countyCursor, 100) - 100;
                var id = NextId("CR-FF1");
                return Djet("tag-issuances", DjetPush.Issue(id, "1", County, Township, "XZ", (DjetPush.Pig(first), DjetPush.Pig(first + 99))), id, "issuance");
            }
            case 2 or 3:
            {
                // 二次发放 township → farm of 100 tags the township holds.
                var first = Interlocked.Add(ref _townshipCursor, 100) - 100;
                var id = NextId("CR-FF2");
                var farm = _declarers[rng.Next(_declarers.Count)].Code;
                return Djet("tag-issuances", DjetPush.Issue(id, "2", Township, farm, "YZC", (DjetPush.Pig(first), DjetPush.Pig(first + 99))), id, "issuance");
            }
            case 8 or 9 when _toCertify.TryDequeue(out var d):
            {
                var id = NextId("CR-ZM");
                return Djet("certificates", Certificate(id, d.Id, _declarers[d.Farm].Code, d.Tags), id, "certificate");
            }
            default:
            {
                // 检疫申报 of 1–5 tags of the farm's own block not declared before.
                var farm = rng.Next(DeclarationFarms);
                var count = rng.Next(1, 6);
                long first;
                lock (_farmCursor)
                {
                    first = _farmCursor[farm];
                    _farmCursor[farm] += count;
                }
                if (first + count - 1 >= 1 + (long)(farm + 1) * FarmTags)
                    throw new InvalidOperationException("a declaring farm ran out of tags: raise FarmTags");
                var tags = Enumerable.Range(0, count).Select(i => DjetPush.Pig(first + i)).ToArray();
                var id = NextId("CR-SB");
                var body = new JsonObject
                {
                    ["sbdh"] = id, ["yzcbm"] = _declarers[farm].Code, ["ewm"] = _declarers[farm].Qr, ["xmdm"] = "1", ["sl"] = count,
                    ["ddd"] = new JsonObject { ["xzqhdm"] = "220102", ["dz"] = "长春市南关区皓月屠宰场" }, ["yt"] = "屠宰",
                    ["ebh"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()), ["sbsj"] = "2026-07-20 08:00:00",
                };
                return Djet("declarations", body, id, "declaration") with { Keys = [id, farm.ToString(System.Globalization.CultureInfo.InvariantCulture), .. tags] };
            }
        }
    }

    private static JsonObject Certificate(string number, string declaration, string farm, IReadOnlyList<string> tags) => new()
    {
        ["zmbh"] = number, ["zmlx"] = "B", ["sbdh"] = declaration, ["yzcbm"] = farm, ["xmdm"] = "1", ["sl"] = tags.Count,
        ["ebh"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
        ["qydd"] = new JsonObject { ["xzqhdm"] = Township, ["dz"] = "农安镇新农村3组" },
        ["ddd"] = new JsonObject { ["xzqhdm"] = "220102", ["dz"] = "屠宰场" },
        ["cyr"] = "王师傅", ["cph"] = "吉A12345", ["gfsy"] = "李兽医", ["qfsj"] = "2026-07-20 14:00:00", ["yxts"] = 1,
    };

    // ---------------------------------------------------------------- the run

    /// <summary>Sends everything once while the killer strikes; returns when every message was sent and every hub is up.</summary>
    public async Task RunAsync()
    {
        var batches = Enumerable.Range(0, (_o.Records + BatchSize - 1) / BatchSize).Select(b =>
        {
            var codes = Enumerable.Range(b * BatchSize + 1, Math.Min(BatchSize, _o.Records - b * BatchSize))
                .Select(i => $"FR220122{800000 + i:D6}").ToList();
            lock (FarmCodes) FarmCodes.AddRange(codes);
            return Registry(codes.Select(c => RegistryPush.Farm(c)));
        }).ToList();
        var total = batches.Count + _o.LedgerMessages;
        var done = 0;
        // Kill moments: seeded fractions of the run (8 % to 88 % of the messages sent), in order.
        var moments = Enumerable.Range(0, _o.Kills).Select(_ => (int)(total * (0.08 + 0.8 * _rng.NextDouble()))).Order().ToList();
        _say($"run: {_o.Records:N0} registry records in {batches.Count} batches, {_o.LedgerMessages:N0} 动监e通 messages, {_o.Instances} hub(s)"
             + $"{(_o.RabbitMq is null ? " on the in-memory bus" : " on RabbitMQ + clustered Quartz")}; "
             + (_o.RollingRounds > 0 ? $"{_o.RollingRounds} round(s) of rolling restarts from message {total / 10} on" : $"kill -9 after message(s) {string.Join(", ", moments)} of {total}"));

        var clock = Stopwatch.StartNew();
        var killer = _o.RollingRounds > 0 ? Task.Run(() => RollAsync(() => Volatile.Read(ref done), total, clock)) : Task.Run(async () =>
        {
            var rng = new Random(_o.Seed + 1);
            foreach (var moment in moments)
            {
                while (Volatile.Read(ref done) < moment) await Task.Delay(10);
                await Task.Delay(rng.Next(0, 300));
                var up = _slots.Where(s => s.IsUp).ToList();
                if (_o.Instances > 1 && up.Count <= 1) break; // the last one standing stays up
                var victim = up[rng.Next(up.Count)];
                victim.MarkDown();
                await victim.Hub.KillAsync();
                _sinceLastKill = Stopwatch.StartNew();
                lock (_killed) _killed.Add($"{victim.Id} after {Volatile.Read(ref done)} of {total} at {clock.Elapsed.TotalSeconds:F1} s");
                _say($"kill -9 {victim.Id} after {Volatile.Read(ref done)} of {total} messages ({clock.Elapsed.TotalSeconds:F1} s into the run)");
                if (_o.RestartAfterKill)
                {
                    await victim.Hub.StartAsync();
                    victim.MarkUp();
                    _sinceLastRestart = Stopwatch.StartNew();
                    _say($"restarted {victim.Id} ({clock.Elapsed.TotalSeconds:F1} s)");
                }
            }
        });

        var registryNext = -1;
        var registry = Enumerable.Range(0, _o.Senders).Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var b = Interlocked.Increment(ref registryNext);
                if (b >= batches.Count) return;
                await SendOnceAsync(batches[b], w, Abandon(b + 1));
                Interlocked.Increment(ref done);
            }
        }));
        var ledgerNext = -1;
        var ledger = Enumerable.Range(0, _o.Senders).Select(w => Task.Run(async () =>
        {
            var rng = new Random(_o.Seed * 31 + w);
            while (true)
            {
                var n = Interlocked.Increment(ref ledgerNext);
                if (n >= LedgerCap || (n >= _o.LedgerMessages && (_o.RollingRounds == 0 || _rollingDone))) return;
                // Past the run's size while restarts go on: a steady trickle, so load spans every restart however slow.
                if (n >= _o.LedgerMessages) await Task.Delay(100);
                var message = LedgerMessage(n, rng);
                var answer = await SendOnceAsync(message, w + 100, Abandon(n + 7));
                if (message.Kind == "declaration" && answer is { Accepted: true })
                    _toCertify.Enqueue((message.Key, int.Parse(message.Keys[1], System.Globalization.CultureInfo.InvariantCulture), message.Keys.Skip(2).ToArray()));
                Interlocked.Increment(ref done);
            }
        }));
        // A killer that throws (a hub not ready again in time) would leave senders waiting for a hub that never comes
        // up: a single-hub run then hung until the test run's own limit. They are released and the run fails with why.
        _ = killer.ContinueWith(k => _restartFailed.TrySetException(k.Exception!.InnerExceptions), TaskContinuationOptions.OnlyOnFaulted);
        try
        {
            await Task.WhenAll(registry.Concat(ledger));
        }
        catch when (killer.IsFaulted)
        {
        }
        await killer;
        if (_o.RollingRounds > 0)
            _say($"rolling restarts: {_restarts.Count} hub restart(s); partners got {DrainRefusals} 503 HUB_DRAINING answer(s) with Retry-After"
                 + $" and resent them; {_other5xx.Count} other 5xx; {Math.Min(ledgerNext + 1, LedgerCap)} 动监e通 message(s) sent");
        _say($"sent everything in {clock.Elapsed.TotalSeconds:F1} s: {_answered.Count:N0} answered, {_unanswered.Count:N0} without an answer"
             + $" ({Volatile.Read(ref _abandoned)} sent by a partner that gives up after 20–400 ms, answered or not)");
    }

    /// <summary>One send, as a partner does it: an answer is kept, no answer puts the message aside for a later resend.</summary>
    private TimeSpan? Abandon(int n) =>
        _o.AbandonEvery > 0 && n % _o.AbandonEvery == 0 ? TimeSpan.FromMilliseconds(20 + (n * 7919 % 380)) : null;

    private async Task<PartnerAnswer?> SendOnceAsync(PartnerMessage message, int sender, TimeSpan? giveUpAfter = null)
    {
        var slot = await PickAsync(sender);
        try
        {
            PartnerAnswer answer;
            if (giveUpAfter is { } patience)
            {
                Interlocked.Increment(ref _abandoned);
                using var cts = new CancellationTokenSource(patience);
                answer = await SendAsync(slot.Http, message, cts.Token);
            }
            else
            {
                answer = await SendAsync(slot.Http, message);
            }
            // A partner waits out a 503 with Retry-After and sends again (to whichever hub its balancer picks then).
            var resending = Stopwatch.StartNew();
            while (_o.RollingRounds > 0 && answer.Status == 503 && answer.RetryAfter is { } wait)
            {
                // A partner does not resend forever: 503s for five minutes mean no hub is taking messages any more.
                if (resending.Elapsed > TimeSpan.FromMinutes(5))
                    throw new InvalidOperationException($"{message.Kind} {message.Key} answered 503 for five minutes: {answer}");
                Interlocked.Increment(ref _drainRefusals);
                await Task.Delay(wait);
                slot = await PickAsync(sender);
                answer = await SendAsync(slot.Http, message);
            }
            if (answer.Status >= 500)
                _other5xx.Add($"{message.Kind} {message.Key} at {slot.Id}: {answer}{(answer.Problem is null ? "" : " " + answer.Problem)}");
            _answered[message] = answer;
            return answer;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or System.Text.Json.JsonException)
        {
            _unanswered.Add(message);
            // A partner whose call failed waits a moment before the next; it does not hammer a hub that is restarting.
            await Task.Delay(200);
            return null;
        }
    }

    private int _turn;

    /// <summary>
    /// The rolling restarts, as `./eartag restart --rolling` does them: from a tenth of the run on, each hub in turn gets
    /// SIGTERM; the partners' balancer takes it out of rotation once its /health/ready says not ready (as a load
    /// balancer does), it must exit with code 0, and it is started again under its instance id and put back once ready
    /// before the next hub's turn.
    /// </summary>
    private async Task RollAsync(Func<int> done, int total, Stopwatch clock)
    {
        try
        {
            while (done() < total / 10) await Task.Delay(10);
            for (var round = 1; round <= _o.RollingRounds; round++)
            {
                foreach (var slot in _slots)
                {
                    var at = clock.Elapsed;
                    var sentBefore = done();
                    var stop = slot.Hub.StopAsync(TimeSpan.FromSeconds(90));
                    var unready = Stopwatch.StartNew();
                    while (!stop.IsCompleted && await slot.Hub.IsReadyAsync()) await Task.Delay(100);
                    slot.MarkDown();
                    var seenUnready = unready.Elapsed;
                    var exit = await stop;
                    var stopped = clock.Elapsed - at;
                    Assert.True(exit == 0, $"{slot.Id} exited with {exit} after SIGTERM:\n{slot.Hub.Tail}");
                    // Started while the other hubs take the whole load: on two shared cores that start took 115 s once.
                    await slot.Hub.StartAsync(readySeconds: 300);
                    slot.MarkUp();
                    _sinceLastRestart = Stopwatch.StartNew();
                    var line = $"round {round}: {slot.Id} SIGTERM at {at.TotalSeconds:F1} s (after {sentBefore} messages), not ready within"
                               + $" {seenUnready.TotalMilliseconds:F0} ms, exited 0 after {stopped.TotalSeconds:F1} s, ready again at {clock.Elapsed.TotalSeconds:F1} s";
                    lock (_restarts) _restarts.Add(line);
                    _say(line);
                }
            }
        }
        finally
        {
            _rollingDone = true;
        }
    }

    private async Task<Slot> PickAsync(int sender)
    {
        while (true)
        {
            var up = _slots.Where(s => s.IsUp).ToList();
            if (up.Count > 0) return up[(Interlocked.Increment(ref _turn) + sender) % up.Count];
            var woke = await Task.WhenAny(_slots.Select(s => s.Up).Append(_restartFailed.Task));
            if (woke == _restartFailed.Task) throw new InvalidOperationException("no hub is up and the killer could not restart one", woke.Exception);
        }
    }

    private static async Task<PartnerAnswer> SendAsync(HttpClient http, PartnerMessage m, CancellationToken ct = default)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sign = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(m.Secret), Encoding.UTF8.GetBytes(m.AppKey + timestamp + "POST" + m.Path + m.Body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, m.Path) { Content = new StringContent(m.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("appKey", m.AppKey);
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", sign);
        using var response = await http.SendAsync(request, ct);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>(ct) ?? [];
        var reasons = json["reasons"] is JsonArray r ? string.Join(",", r.Select(x => (string?)x?["code"]).Distinct().Order()) : "";
        var code = json["code"] is JsonValue c && c.TryGetValue<int>(out var ci) ? ci : (int?)null;
        return new PartnerAnswer((int)response.StatusCode, code, (string?)json["jg"], reasons)
        {
            RetryAfter = response.Headers.RetryAfter?.Delta,
            Problem = json["title"] is JsonValue t && t.TryGetValue<string>(out var title) ? title : null,
        };
    }

    private static HttpClient Client(string url) => new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };

    // ---------------------------------------------------------------- after the run

    /// <summary>Waits until no outbox row is pending, queued or retrying; returns how long that took.</summary>
    public async Task<TimeSpan> DrainAsync(string what)
    {
        var clock = Stopwatch.StartNew();
        await using var conn = await OpenAsync();
        var lastReport = Stopwatch.StartNew();
        await Eventually.WaitAsync(async () =>
        {
            if (lastReport.Elapsed > TimeSpan.FromSeconds(15))
            {
                _say($"  {clock.Elapsed.TotalSeconds:F0} s waiting ({what}): {await OutboxStatesAsync(conn)}");
                lastReport.Restart();
            }
            return await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status IN ('Pending', 'Queued', 'Retrying')");
        }, n => n == 0, what, timeoutSeconds: 300 + _o.Records / 200);
        _say($"{what}: drained {clock.Elapsed.TotalSeconds:F1} s after the last message was sent"
             + (_sinceLastRestart is { } r ? $", {r.Elapsed.TotalSeconds:F1} s after the last restart" : "")
             + (_sinceLastKill is { } k ? $", {k.Elapsed.TotalSeconds:F1} s after the last kill" : "")
             + " (messages sent after it included)");
        return clock.Elapsed;
    }

    /// <summary>
    /// Property 4, first half: each unanswered message was applied once or not at all (checked before any resend);
    /// then every unanswered message and a sample of answered ones are sent again, and each resend must get the
    /// answer an original gets. Returns (unanswered applied, unanswered not applied).
    /// </summary>
    public async Task<(int Applied, int NotApplied)> ResendAsync(int answeredSample = 200)
    {
        await using var conn = await OpenAsync();
        int applied = 0, notApplied = 0;
        foreach (var m in _unanswered)
        {
            var (rows, outbox, expectedOutbox) = await AppliedAsync(conn, m);
            var whole = m.Kind == "farms" ? m.Keys.Count : 1;
            Assert.True(rows == 0 || rows == whole, $"unanswered {m.Kind} {m.Key}: {rows} canonical row(s) of {whole}: applied in part");
            Assert.True(outbox == (rows == 0 ? 0 : expectedOutbox),
                $"unanswered {m.Kind} {m.Key}: {rows} canonical row(s) but {outbox} outbox row(s) (expected {(rows == 0 ? 0 : expectedOutbox)})");
            if (rows == 0) notApplied++; else applied++;
        }
        _say($"unanswered: {applied} applied once, {notApplied} not applied at all, none applied twice or in part");

        var rng = new Random(_o.Seed + 2);
        var sample = _answered.Keys.OrderBy(m => m.Kind).ThenBy(m => m.Key, StringComparer.Ordinal).OrderBy(_ => rng.Next()).Take(answeredSample).ToList();
        var up = _slots.Where(s => s.IsUp).ToList();
        var i = 0;
        await Parallel.ForEachAsync(_unanswered.Select(m => (m, (PartnerAnswer?)null)).Concat(sample.Select(m => (m, (PartnerAnswer?)_answered[m]))),
            new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, _) =>
            {
                var (m, original) = item;
                var slot = up[Interlocked.Increment(ref i) % up.Count];
                var answer = await SendAsync(slot.Http, m);
                // An unanswered message's original answer is what the partner would have got: the accepted envelope.
                _resent.Add((m, original ?? new PartnerAnswer(200, 0, m.Kind == "declaration" ? "accepted" : null, ""), answer));
                // A resent unanswered declaration now counts as answered and may be certified later; nothing to do.
            });
        var differing = _resent.Where(r => (r.Original.Status, r.Original.Code, r.Original.Jg, r.Original.Reasons) != (r.Resent.Status, r.Resent.Code, r.Resent.Jg, r.Resent.Reasons)).ToList();
        _say($"resent {_unanswered.Count} unanswered and {sample.Count} answered message(s): {differing.Count} answered differently");
        Assert.True(differing.Count == 0, "resends answered differently from the original: "
            + string.Join("; ", differing.Take(5).Select(d => $"{d.Message.Kind} {d.Message.Key}: first {d.Original}, resent {d.Resent}")));
        return (applied, notApplied);
    }

    /// <summary>Canonical rows a message made, its outbox rows, and the outbox rows it makes when applied.</summary>
    private static async Task<(long Rows, long Outbox, long ExpectedOutbox)> AppliedAsync(NpgsqlConnection conn, PartnerMessage m)
    {
        switch (m.Kind)
        {
            case "farms":
                return (await ScalarAsync(conn, "SELECT count(*) FROM farm WHERE code = ANY(@k)", [.. m.Keys]),
                    await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE entity_key = ANY(@k)", [.. m.Keys]),
                    2L * m.Keys.Count);
            case "issuance":
                return (await ScalarAsync(conn, "SELECT count(*) FROM tag_issuance WHERE id = ANY(@k)", m.Key),
                    await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE entity_key = ANY(@k)", "tag-issuance:" + m.Key), 1);
            case "declaration":
                return (await ScalarAsync(conn, "SELECT count(*) FROM declaration WHERE id = ANY(@k)", m.Key), 0, 0);
            case "certificate":
                return (await ScalarAsync(conn, "SELECT count(*) FROM certificate WHERE number = ANY(@k)", m.Key),
                    await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE entity_key = ANY(@k)", "certificate:" + m.Key), 1);
            default:
                throw new InvalidOperationException(m.Kind);
        }
    }

    /// <summary>Properties 1–3 once everything drained after the resends.</summary>
    public async Task VerifyAsync()
    {
        await using var conn = await OpenAsync();
        // Every final answer: the original, or for a message without one its resend. None 500, all accepted.
        var finals = _answered.ToDictionary(a => a.Key, a => a.Value);
        foreach (var r in _resent) finals.TryAdd(r.Message, r.Resent);
        Assert.Equal(_answered.Count + _unanswered.Count, finals.Count);
        var refused = finals.Where(f => !f.Value.Accepted).ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} message(s) not accepted, e.g. "
            + string.Join("; ", refused.Take(5).Select(f => $"{f.Key.Kind} {f.Key.Key}: {f.Value}")));

        // 1. Applied exactly once, counted from the canonical tables and the outbox rows each application writes.
        var farms = FarmCodes.ToArray();
        Assert.Equal(farms.Length, await ScalarAsync(conn, "SELECT count(*) FROM farm WHERE code = ANY(@k)", farms));
        Assert.Equal(2L * farms.Length, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE entity_key = ANY(@k)", farms));
        Assert.Equal(0, await ScalarAsync(conn, """
            SELECT count(*) FROM (SELECT destination, entity_key FROM outbox WHERE entity_key = ANY(@k)
                                  GROUP BY 1, 2 HAVING count(*) <> 1) twice
            """, farms));
        string[] Ids(string kind) => finals.Keys.Where(m => m.Kind == kind).Select(m => m.Key).ToArray();
        var issuances = Ids("issuance");
        var declarations = Ids("declaration");
        var certificates = Ids("certificate");
        Assert.Equal(issuances.Length, await ScalarAsync(conn, "SELECT count(*) FROM tag_issuance WHERE id = ANY(@k)", issuances));
        Assert.Equal(declarations.Length, await ScalarAsync(conn, "SELECT count(*) FROM declaration WHERE id = ANY(@k)", declarations));
        Assert.Equal(certificates.Length, await ScalarAsync(conn, "SELECT count(*) FROM certificate WHERE number = ANY(@k)", certificates));
        var ledgerKeys = issuances.Select(i => "tag-issuance:" + i).Concat(certificates.Select(c => "certificate:" + c)).ToArray();
        Assert.Equal(ledgerKeys.Length, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE entity_key = ANY(@k)", ledgerKeys));
        // Nothing of the run's that was never accepted: every run id in the tables is one a partner got code 0 for.
        Assert.Equal(issuances.Length, await ScalarAsync(conn, "SELECT count(*) FROM tag_issuance WHERE id LIKE 'CR-FF_-%' AND id NOT LIKE '%SETUP%'"));
        Assert.Equal(declarations.Length, await ScalarAsync(conn, "SELECT count(*) FROM declaration WHERE id LIKE 'CR-SB-%'"));
        Assert.Equal(certificates.Length, await ScalarAsync(conn, "SELECT count(*) FROM certificate WHERE number LIKE 'CR-ZM-%'"));
        _say($"applied once: {farms.Length:N0} farms, {issuances.Length:N0} issuances, {declarations.Length:N0} declarations, {certificates.Length:N0} certificates");

        // 2. Delivered exactly once: every row Delivered; at the partners, each item under one request id, one of the
        // outbox's, and as many items as the outbox has rows for that destination.
        Assert.Equal(0, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status <> 'Delivered'"));
        foreach (var (destination, type) in new[] { ("national-cloud/farms", "farms"), ("national-cloud/eartag-issuances", "issuances"),
                     ("national-cloud/certificates", "certificates"), ("national-cloud/eartag-stock", "stock") })
        {
            var attempts = Partners.NationalCloud.Attempts(type);
            var ids = await RequestIdsAsync(conn, destination);
            var rows = await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE destination = @d", destination: destination);
            var twice = attempts.Where(a => a.RequestIds.Distinct().Count() != 1).Select(a => a.Key).ToList();
            Assert.True(twice.Count == 0, $"{type}: {twice.Count} item(s) under more than one request id, e.g. {string.Join(", ", twice.Take(5))}");
            var strangers = attempts.SelectMany(a => a.RequestIds).Where(id => !ids.Contains(id)).Distinct().ToList();
            Assert.True(strangers.Count == 0, $"{type}: request id(s) no outbox row carries: {string.Join(", ", strangers.Take(5))}");
            Assert.Equal(rows, attempts.Count);
            _say($"national {type}: {attempts.Count:N0} item(s), each under one request id; {attempts.Count(a => a.RequestIds.Count > 1)} sent more than once under it");
        }
        var synced = Partners.Djet.Received("yzc-sync").GroupBy(r => r.Item["yzcbm"]!.GetValue<string>()).ToList();
        var syncTwice = synced.Where(g => g.Select(r => r.RequestId).Distinct().Count() != 1).Select(g => g.Key).ToList();
        Assert.True(syncTwice.Count == 0, $"动监e通 yzc-sync: {syncTwice.Count} farm(s) under more than one request id, e.g. {string.Join(", ", syncTwice.Take(5))}");
        Assert.Equal(await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE destination = @d", destination: "djet/yzc-sync"), synced.Count);
        _say($"动监e通 yzc-sync: {synced.Count:N0} farm(s), each under one request id");

        // 3. Nothing stuck: no row claimed but undelivered, none waiting; no Quartz trigger left fired by a dead instance.
        Assert.Equal(0, await ScalarAsync(conn, "SELECT count(*) FROM outbox WHERE status IN ('Pending', 'Queued', 'Retrying') OR (claimed_by IS NOT NULL AND status <> 'Delivered')"));
        if (_o.RabbitMq is not null)
        {
            var dead = _slots.Where(s => !s.IsUp).Select(s => s.Id).ToArray();
            Assert.Equal(0, await ScalarAsync(conn, "SELECT count(*) FROM qrtz_fired_triggers WHERE instance_name = ANY(@k)", dead));
        }
    }

    /// <summary>Case 2: the registry pull ran, and never on two instances at once (the registry's in-flight count).</summary>
    public async Task VerifyPullsAsync()
    {
        var log = Partners.Registry.RequestLog;
        _say($"registry pull: {log.Count} page request(s), at most {Partners.Registry.MaxConcurrentLists} in flight at once");
        Assert.True(log.Count > 0, "the registry was never pulled");
        Assert.Equal(1, Partners.Registry.MaxConcurrentLists);
        // The same from Quartz's side where it keeps an execution history (only with its history plugin, which the hub
        // does not switch on; then the list is empty and the registry's count above is the proof).
        await using var conn = await OpenAsync();
        var runs = new List<(long From, long To, string Instance)>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT fired_time, fired_time + run_time, instance_name FROM qrtz_execution_history
            WHERE job_name = 'pull-farm-registry' ORDER BY fired_time
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) runs.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        var overlaps = runs.Zip(runs.Skip(1)).Count(p => p.Second.From < p.First.To);
        _say($"Quartz execution history: {runs.Count} pull run(s) on {runs.Select(r => r.Instance).Distinct().Count()} instance(s), {overlaps} overlapping");
        Assert.Equal(0, overlaps);
    }

    private static async Task<HashSet<string>> RequestIdsAsync(NpgsqlConnection conn, string destination)
    {
        await using var cmd = new NpgsqlCommand("SELECT DISTINCT request_id FROM outbox WHERE destination = @d AND request_id IS NOT NULL", conn);
        cmd.Parameters.AddWithValue("d", destination);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    private static async Task<string> OutboxStatesAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT status || '/' || coalesce(claimed_by, '-') || ' ' || count(*) FROM outbox GROUP BY status, claimed_by ORDER BY 1", conn);
        var parts = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) parts.Add(reader.GetString(0));
        return string.Join(", ", parts);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(_cluster.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static Task<long> ScalarAsync(NpgsqlConnection conn, string sql, params string[] keys) => ScalarAsync(conn, sql, keys, null);

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql, string[]? keys = null, string? destination = null)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 120 };
        if (keys is not null) cmd.Parameters.AddWithValue("k", keys);
        if (destination is not null) cmd.Parameters.AddWithValue("d", destination);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots) await slot.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    /// <summary>One hub instance: its process, an HTTP client, and whether it is up (partners route around a dead one).</summary>
    private sealed class Slot(string id, HubProcess hub) : IAsyncDisposable
    {
        private TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Id { get; } = id;
        public HubProcess Hub { get; } = hub;
        public HttpClient Http { get; } = Client(hub.Url);
        public bool IsUp => _up.Task.IsCompleted;
        public Task Up => _up.Task;
        public void MarkUp() => _up.TrySetResult();
        public void MarkDown() => _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Hub.DisposeAsync();
        }
    }
}
