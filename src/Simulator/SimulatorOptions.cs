namespace EarTagTrace.Simulator;

/// <summary>Ports, dataset size and sandbox credentials of the four simulated partners.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Port 0 picks any free loopback port (what tests want); the console uses 5081–5084.</summary>
    public int RegistryPort { get; init; }
    public int DjetPort { get; init; }
    public int NationalCloudPort { get; init; }
    public int NationalAgriPort { get; init; }
    /// <summary>The alert webhook receiver (5085 in the console).</summary>
    public int AlertsPort { get; init; }
    /// <summary>福建省农产品质量安全监测系统 (5086 in the console).</summary>
    public int FujianMonitoringPort { get; init; }

    /// <summary>Number of farm records the registry holds at start.</summary>
    public int Farms { get; init; } = 2000;
    public int Seed { get; init; } = 1;

    public string RegistryAppKey { get; init; } = "fr-sandbox";
    public string RegistrySecret { get; init; } = "fr-sandbox-secret";
    public string DjetAppKey { get; init; } = "dj-sandbox";
    public string DjetSecret { get; init; } = "dj-sandbox-secret";
    public string NationalClientId { get; init; } = "eartag-sandbox";
    public string NationalClientSecret { get; init; } = "eartag-sandbox-secret";

    public int TokenLifetimeSeconds { get; init; } = 7200;

    /// <summary>
    /// A tester's stub files (WireMock mapping JSON), one sub-folder per simulator: farm-registry, djet,
    /// national-cloud, national-agri, alerts. Read at start and watched for changes; null: built-in behaviour only.
    /// </summary>
    public string? MappingsFolder { get; init; }

    public const int DefaultRequestLogCount = 100;

    /// <summary>How many of the latest requests each simulator keeps for GET /__admin/requests (0 keeps none).</summary>
    public int RequestLogCount { get; init; } = DefaultRequestLogCount;

    /// <summary>Clock for token expiry, signature freshness and update times; tests inject one they can advance.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Anchor of the generated gxsj values; defaults to the clock's current day so a seed gives one dataset per day.</summary>
    public DateTimeOffset? DatasetAnchor { get; init; }

    public static SimulatorOptions ConsoleDefaults => new()
    {
        RegistryPort = 5081,
        DjetPort = 5082,
        NationalCloudPort = 5083,
        NationalAgriPort = 5084,
        AlertsPort = 5085,
        FujianMonitoringPort = 5086,
    };
}
