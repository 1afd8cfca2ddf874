using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;

namespace EarTagTrace.Hub.Tests;

/// <summary>
/// One hub per test run on a database of its own (created on the server EARTAG_TEST_PG names, dropped at the end), with
/// the partner simulators on free ports. Data is reset between tests with Respawn; regions and credentials stay.
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    public const int RegistryFarms = 1_200;
    private readonly string _database = "eartag_test_" + Guid.NewGuid().ToString("N")[..12];
    private string _admin = "";
    private Respawner? _respawner;

    public PartnerSimulators Partners { get; private set; } = null!;
    public WebApplicationFactory<HubDbContext> Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("EARTAG_TEST_PG")
            ?? throw new InvalidOperationException("EARTAG_TEST_PG is not set: run the tests with ./eartag test, which starts PostgreSQL");
        await using (var conn = new NpgsqlConnection(_admin))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", conn);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;

        Partners = PartnerSimulators.Start(new SimulatorOptions { Farms = RegistryFarms, Seed = 7 });
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hub"] = ConnectionString,
            ["Partners:FarmRegistry:BaseUrl"] = Partners.FarmRegistryUrl,
            ["Partners:FarmRegistry:PullEnabled"] = "false",
            ["Partners:FarmRegistry:RetryCount"] = "1",
            ["Partners:FarmRegistry:RetryBaseDelayMs"] = "10",
            ["Partners:Djet:BaseUrl"] = Partners.DjetUrl,
            ["Partners:Djet:RetryBaseDelayMs"] = "10",
            ["Partners:NationalCloud:BaseUrl"] = Partners.NationalCloudUrl,
            ["Partners:NationalCloud:RetryCount"] = "2",
            ["Partners:NationalCloud:RetryBaseDelayMs"] = "10",
            ["Partners:NationalCloud:BreakerBreakSeconds"] = "1",
            ["Partners:NationalAgri:BaseUrl"] = Partners.NationalAgriUrl,
            ["Outbox:RetryBaseMilliseconds"] = "50",
            ["Outbox:RetryMaxMilliseconds"] = "1000",
            ["Outbox:PollMilliseconds"] = "50",
            ["Outbox:BatchWaitMilliseconds"] = "50",
        };
        Factory = new WebApplicationFactory<HubDbContext>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            // Host settings, not app configuration: the hub reads some of them while registering its services.
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
        Client = Factory.CreateClient();

        await using var respawnConn = new NpgsqlConnection(ConnectionString);
        await respawnConn.OpenAsync();
        _respawner = await Respawner.CreateAsync(respawnConn, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            TablesToIgnore = ["region", "partner_credential", "__EFMigrationsHistory"],
        });
    }

    /// <summary>Empties the canonical data and the partners' memories, so each test starts clean.</summary>
    public async Task ResetAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        // Let deliveries still in flight from the previous test land first, so none reaches this test's partners.
        await using (var park = new NpgsqlCommand("UPDATE outbox SET status = 'Failed' WHERE status IN ('Pending', 'Retrying')", conn))
            await park.ExecuteNonQueryAsync();
        await Eventually.WaitAsync(async () =>
        {
            await using var busy = new NpgsqlCommand("SELECT count(*) FROM outbox WHERE status = 'Queued'", conn);
            return (long)(await busy.ExecuteScalarAsync())!;
        }, n => n == 0, "in-flight deliveries of the previous test");
        await _respawner!.ResetAsync(conn);
        Partners.Registry.Reset();
        Partners.Djet.Reset();
        Partners.NationalCloud.Reset();
    }

    public HubDbContext Db() => Factory.Services.CreateScope().ServiceProvider.GetRequiredService<HubDbContext>();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Partners.Dispose();
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<HubFixture>
{
    public const string Name = "hub";
}
