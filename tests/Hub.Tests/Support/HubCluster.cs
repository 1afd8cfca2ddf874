using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Support;

/// <summary>
/// Several hubs on one database of their own (created on the EARTAG_TEST_PG server, dropped at the end) with the
/// partner simulators: the setup every multi-hub test shares. Its own database, because Respawn's resets of the shared
/// test database would empty the tables (qrtz_, hub_instance) under hubs that outlive one test. Hubs run in this
/// process (<see cref="StartInProcess"/>) or as real processes a test can kill (<see cref="ProcessSettings"/> for
/// <c>HubProcess</c>).
/// </summary>
public sealed class HubCluster : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _database;
    private readonly List<WebApplicationFactory<HubDbContext>> _hubs = [];

    private HubCluster(string admin, string database, string connectionString, PartnerSimulators partners)
    {
        _admin = admin;
        _database = database;
        ConnectionString = connectionString;
        Partners = partners;
    }

    public string ConnectionString { get; }
    public PartnerSimulators Partners { get; }

    /// <summary>A fresh database named <paramref name="prefix"/>_… and the simulators with <paramref name="partners"/>.</summary>
    public static async Task<HubCluster> CreateAsync(string prefix, SimulatorOptions partners)
    {
        var admin = Environment.GetEnvironmentVariable("EARTAG_TEST_PG")
            ?? throw new InvalidOperationException("EARTAG_TEST_PG is not set: run the tests with ./eartag test, which starts PostgreSQL");
        var database = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        await ScratchDatabase.CreateAsync(admin, database);
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        return new HubCluster(admin, database, connectionString, PartnerSimulators.Start(partners));
    }

    /// <summary>
    /// A hub's settings (configuration keys, ':' separated): this database, the instance id, the four partners at their
    /// simulators, then <paramref name="extra"/> over them.
    /// </summary>
    public Dictionary<string, string?> Settings(string instance, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hub"] = ConnectionString,
            ["Hub:InstanceId"] = instance,
            ["Partners:FarmRegistry:BaseUrl"] = Partners.FarmRegistryUrl,
            ["Partners:Djet:BaseUrl"] = Partners.DjetUrl,
            ["Partners:NationalCloud:BaseUrl"] = Partners.NationalCloudUrl,
            ["Partners:NationalAgri:BaseUrl"] = Partners.NationalAgriUrl,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    /// <summary>The same settings as environment variables ('__' separated), for a hub run as a process.</summary>
    public Dictionary<string, string> ProcessSettings(string instance, IReadOnlyDictionary<string, string?>? extra = null) =>
        Settings(instance, extra).Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value!);

    /// <summary>Starts a hub in this process (migrations, then its hosted services); disposed with the cluster.</summary>
    public WebApplicationFactory<HubDbContext> StartInProcess(string instance, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = Settings(instance, extra);
        var hub = new WebApplicationFactory<HubDbContext>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
        _ = hub.Server;
        _hubs.Add(hub);
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs) await hub.DisposeAsync();
        Partners.Dispose();
        NpgsqlConnection.ClearAllPools();
        await ScratchDatabase.DropAsync(_admin, _database);
    }
}
