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
    """;

try
{
    var line = new CommandLine(args, "serve");
    return line.Verb switch
    {
        "serve" => await Serve(line),
        "push-farms" => await PushFarms(line),
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
