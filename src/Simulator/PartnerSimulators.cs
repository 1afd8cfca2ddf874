using EarTagTrace.Simulator.Alerts;
using EarTagTrace.Simulator.Djet;
using EarTagTrace.Simulator.Http;
using EarTagTrace.Simulator.National;
using EarTagTrace.Simulator.Registry;

namespace EarTagTrace.Simulator;

/// <summary>The four simulated partners and the alert webhook receiver, each on its own loopback WireMock server.</summary>
public sealed class PartnerSimulators : IDisposable
{
    private readonly List<SimServer> _servers = [];

    private PartnerSimulators(SimulatorOptions options)
    {
        var time = options.TimeProvider ?? TimeProvider.System;
        Options = options;
        Registry = new FarmRegistrySimulator(options, time);
        Djet = new DjetSimulator(options, time);
        NationalCloud = new NationalPlatformSimulator("national-cloud", UploadType.NationalCloud, options, time);
        NationalAgri = new NationalPlatformSimulator("national-agri", UploadType.NationalAgri, options, time);
        FujianMonitoring = new NationalPlatformSimulator("fujian-monitoring", UploadType.FujianMonitoring, options, time);
        try
        {
            FarmRegistryUrl = Serve(options.RegistryPort, Registry.HandleAsync, "farm-registry");
            DjetUrl = Serve(options.DjetPort, Djet.HandleAsync, "djet");
            NationalCloudUrl = Serve(options.NationalCloudPort, NationalCloud.HandleAsync, "national-cloud");
            NationalAgriUrl = Serve(options.NationalAgriPort, NationalAgri.HandleAsync, "national-agri");
            AlertsUrl = Serve(options.AlertsPort, Alerts.HandleAsync, "alerts");
            FujianMonitoringUrl = Serve(options.FujianMonitoringPort, FujianMonitoring.HandleAsync, "fujian-monitoring");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static PartnerSimulators Start(SimulatorOptions options) => new(options);

    public SimulatorOptions Options { get; }

    public FarmRegistrySimulator Registry { get; }
    public DjetSimulator Djet { get; }
    public NationalPlatformSimulator NationalCloud { get; }
    public NationalPlatformSimulator NationalAgri { get; }
    /// <summary>福建省农产品质量安全监测系统: the national platforms' scheme, as the hub assumes it (rapid tests only).</summary>
    public NationalPlatformSimulator FujianMonitoring { get; }
    /// <summary>Not a partner: where the hub's alerts go (POST /__sim/alerts), and GET /__sim/alerts reads them back.</summary>
    public AlertReceiver Alerts { get; } = new();

    public string FarmRegistryUrl { get; } = "";
    public string DjetUrl { get; } = "";
    public string NationalCloudUrl { get; } = "";
    public string NationalAgriUrl { get; } = "";
    public string AlertsUrl { get; } = "";
    public string FujianMonitoringUrl { get; } = "";
    /// <summary>The address to give the hub as Alerts:WebhookUrl.</summary>
    public string AlertWebhookUrl => AlertsUrl + "/__sim/alerts";

    /// <summary>Removes every tester stub (added through /__admin/mappings) and logged request on every simulator.</summary>
    public void ResetStubs()
    {
        foreach (var server in _servers)
            server.ResetStubs();
    }

    /// <param name="name">Names the simulator's sub-folder of <see cref="SimulatorOptions.MappingsFolder"/>.</param>
    private string Serve(int port, Func<SimRequest, Task<WireMock.IResponseMessage>> handle, string? name = null)
    {
        var server = new SimServer(port, handle, name, Options.MappingsFolder, Options.RequestLogCount);
        _servers.Add(server);
        return server.Url;
    }

    public void Dispose()
    {
        foreach (var server in _servers)
            server.Dispose();
        _servers.Clear();
    }
}
