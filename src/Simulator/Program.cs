using System.Runtime.InteropServices;
using EarTagTrace.Simulator;
using EarTagTrace.Simulator.Load;
using EarTagTrace.Simulator.Registry;

const string Usage = """
    usage:
      EarTagTrace.Simulator [serve] [--farms 2000] [--seed 1] [--registry-port 5081] [--djet-port 5082]
                                    [--national-port 5083] [--agri-port 5084] [--alerts-port 5085] [--fujian-port 5086]
                                    [--token-lifetime 7200] [--mappings DIR] [--request-log 100]
      EarTagTrace.Simulator push-farms --hub http://127.0.0.1:5080 --count N [--batch 500] [--concurrency 4] [--seed S]
                                    [--app-key fr-sandbox] [--secret fr-sandbox-secret]
      EarTagTrace.Simulator send-farm-correction --hub http://127.0.0.1:5080 --farm FR220122000123 [--id JZ…]
                                    [--time "yyyy-MM-dd HH:mm:ss" (now)] [--vet 王兽医] [--contact 张三] [--phone 13912345678]
                                    [--address 地址] [--lon 125.18 --lat 44.43] [--pigs N]
                                    [--app-key dj-sandbox] [--secret dj-sandbox-secret]
    """;

try
{
    var line = new CommandLine(args, "serve");
    return line.Verb switch
    {
        "serve" => await Serve(line),
        "push-farms" => await PushFarms(line),
        "send-farm-correction" => await SendFarmCorrection(line),
        "help" or "--help" => Help(),
        _ => throw new ArgumentException($"unknown command '{line.Verb}'"),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

static int Help()
{
    Console.WriteLine(Usage);
    return 0;
}

static async Task<int> Serve(CommandLine line)
{
    var defaults = SimulatorOptions.ConsoleDefaults;
    var options = defaults with
    {
        Farms = line.Int("farms", defaults.Farms),
        Seed = line.Int("seed", defaults.Seed),
        RegistryPort = line.Int("registry-port", defaults.RegistryPort),
        DjetPort = line.Int("djet-port", defaults.DjetPort),
        NationalCloudPort = line.Int("national-port", defaults.NationalCloudPort),
        NationalAgriPort = line.Int("agri-port", defaults.NationalAgriPort),
        AlertsPort = line.Int("alerts-port", defaults.AlertsPort),
        FujianMonitoringPort = line.Int("fujian-port", defaults.FujianMonitoringPort),
        TokenLifetimeSeconds = line.Int("token-lifetime", defaults.TokenLifetimeSeconds),
        MappingsFolder = line.String("mappings", "") is { Length: > 0 } folder ? Path.GetFullPath(folder) : null,
        RequestLogCount = line.Int("request-log", defaults.RequestLogCount),
    };
    line.EnsureAllRead();

    using var stop = new CancellationTokenSource();
    void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Cancel();
    }
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

    using var simulators = PartnerSimulators.Start(options);
    Console.WriteLine($"farm registry 畜禽养殖场户基础信息采集系统  {simulators.FarmRegistryUrl}  ({simulators.Registry.Count} farms, seed {options.Seed})");
    Console.WriteLine($"动监e通 backend                          {simulators.DjetUrl}");
    Console.WriteLine($"national cloud platform 国家云平台        {simulators.NationalCloudUrl}");
    Console.WriteLine($"national agri-product platform          {simulators.NationalAgriUrl}");
    Console.WriteLine($"alert webhook receiver                  {simulators.AlertWebhookUrl}");
    Console.WriteLine($"福建省农产品质量安全监测系统            {simulators.FujianMonitoringUrl}");
    if (options.MappingsFolder is { } stubs)
        Console.WriteLine($"stub files from {stubs}/<farm-registry|djet|national-cloud|national-agri|alerts|fujian-monitoring>/*.json (watched)");
    Console.WriteLine("WireMock admin on every simulator: /__admin/mappings, /__admin/requests, POST /__admin/reset");
    Console.WriteLine("running; Ctrl-C or SIGTERM stops");
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }
    Console.WriteLine("stopped");
    return 0;
}

static async Task<int> PushFarms(CommandLine line)
{
    var hub = new Uri(line.String("hub", "http://127.0.0.1:5080"));
    var count = line.Int("count", 2000);
    var batch = line.Int("batch", 500);
    var concurrency = line.Int("concurrency", 4);
    var seed = line.Int("seed", 1);
    var appKey = line.String("app-key", "fr-sandbox");
    var secret = line.String("secret", "fr-sandbox-secret");
    line.EnsureAllRead();

    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    var records = new FarmDatasetGenerator(seed, DateTimeOffset.UtcNow).Generate(count);
    Console.WriteLine($"pushing {count} farm records to {hub}{FarmPushLoadGenerator.PushPath.TrimStart('/')} in batches of {batch}, {concurrency} in flight");
    try
    {
        var stats = await FarmPushLoadGenerator.RunAsync(hub, records, batch, concurrency, appKey, secret, stop.Token);
        Console.WriteLine(stats);
        return stats.FailedBatches == 0 && stats.RefusedBatches == 0 ? 0 : 1;
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("cancelled");
        return 130;
    }
}

// 动监e通 → hub 现场纠正: one signed farm correction, for a tester driving 信息共享 by hand.
static async Task<int> SendFarmCorrection(CommandLine line)
{
    var hub = new Uri(line.String("hub", "http://127.0.0.1:5080"));
    var now = DateTimeOffset.UtcNow;
    var farm = line.String("farm", "");
    if (farm.Length == 0) throw new ArgumentException("--farm is required");
    var id = line.String("id", "JZ" + now.ToUnixTimeMilliseconds());
    var time = line.String("time", EarTagTrace.Simulator.Djet.FarmCorrectionPush.Cst(now));
    var vet = line.String("vet", "王兽医");
    string? Opt(string name) => line.String(name, "") is { Length: > 0 } v ? v : null;
    var (contact, phone, address, lon, lat) = (Opt("contact"), Opt("phone"), Opt("address"), Opt("lon"), Opt("lat"));
    var pigs = line.Int("pigs", -1);
    var appKey = line.String("app-key", "dj-sandbox");
    var secret = line.String("secret", "dj-sandbox-secret");
    line.EnsureAllRead();
    var body = EarTagTrace.Simulator.Djet.FarmCorrectionPush.Body(id, farm, time, vet, contact, phone, address,
        lon is not null && lat is not null ? (lon, lat) : null, pigs >= 0 ? [("1", pigs)] : null);
    using var http = new HttpClient();
    var (status, answer) = await EarTagTrace.Simulator.Djet.FarmCorrectionPush.SendAsync(http, hub, body, appKey, secret, now);
    Console.WriteLine($"{status} {answer}");
    return status == 200 ? 0 : 1;
}
