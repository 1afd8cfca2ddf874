using Microsoft.Extensions.Logging;
using EarTagTrace.Hub.Persistence.Tables;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Simulator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;

namespace EarTagTrace.Hub.Tests.Support;

/// <summary>
/// One hub per test run on a database of its own (created on the server EARTAG_TEST_PG names, dropped at the end), with
/// the partner simulators on free ports. Data is reset between tests with Respawn; regions and credentials stay.
/// </summary>
public class HubFixture : IAsyncLifetime
{
    public const int RegistryFarms = 1_200;
    private readonly string _database = "eartag_test_" + Guid.NewGuid().ToString("N")[..12];
    private string _admin = "";
    private Respawner? _respawner;

    public PartnerSimulators Partners { get; private set; } = null!;
    public WebApplicationFactory<HubDbContext> Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("EARTAG_TEST_PG")
            ?? throw new InvalidOperationException("EARTAG_TEST_PG is not set: run the tests with ./eartag test, which starts PostgreSQL");
        await ScratchDatabase.CreateAsync(_admin, _database);
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;

        Partners = PartnerSimulators.Start(new SimulatorOptions { Farms = RegistryFarms, Seed = 7 });
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hub"] = ConnectionString,
            // Not machine:port: every hub a test starts in this process would share it (TestServer has no port).
            ["Hub:InstanceId"] = "tests-" + _database,
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
            ["Partners:FujianMonitoring:BaseUrl"] = Partners.FujianMonitoringUrl,
            ["Partners:FujianMonitoring:RetryCount"] = "2",
            ["Partners:FujianMonitoring:RetryBaseDelayMs"] = "10",
            ["Outbox:RetryBaseMilliseconds"] = "50",
            ["Outbox:RetryMaxMilliseconds"] = "1000",
            ["Outbox:PollMilliseconds"] = "50",
            ["Outbox:BatchWaitMilliseconds"] = "50",
            // Tests send fast; the limits have tests of their own on a hub with low ones.
            ["Limits:PartnerPerSecond"] = "0",
            ["Limits:StaffPerSecond"] = "0",
            ["Limits:AnonymousPerSecond"] = "0",
            // The nightly reconciliation would resend whatever a test is still delivering when 02:30 China time falls in a run.
            ["Reconciliation:NightlyEnabled"] = "false",
            // Likewise the nightly trace drill: the drill test runs it when it wants it.
            ["TraceDrills:NightlyEnabled"] = "false",
            // Alert tests call the evaluator themselves, so a background round cannot raise (and rate-limit) an alert
            // a test is about to count; they go to the simulators' webhook receiver.
            ["Alerts:Enabled"] = "false",
            ["Alerts:WebhookUrl"] = Partners.AlertWebhookUrl,
            ["Alerts:MinCount"] = "5",
            ["Alerts:MinIntervalMinutes"] = "60",
            // The key backfill runs when a test calls it, not 30 s after start in the middle of another test.
            ["Journal:BackfillEnabled"] = "false",
            // The search indexer too: the text search test runs it when it means to.
            ["Journal:Search:Enabled"] = "false",
            // A per-source retention shorter than the default, so the retention test shows both rules apply.
            ["Retention:RawBodyDays:farm-registry"] = "90",
        };
        AdjustSettings(settings);
        Settings = settings;
        if (RealServer) settings["urls"] = "http://127.0.0.1:0";
        Factory = new WebApplicationFactory<HubDbContext>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            // Host settings, not app configuration: the hub reads some of them while registering its services.
            foreach (var (key, value) in settings) b.UseSetting(key, value);
            b.ConfigureLogging(logging => logging.AddProvider(Errors));
            b.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                ConfigureServices(services);
            });
        });
        if (RealServer)
        {
            // A browser needs a socket: Kestrel on a free port instead of the in-memory test server.
            Factory.UseKestrel(0);
            Factory.StartServer();
            BaseAddress = Factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        }
        // The default client signs in as an account holding every role over the province, so a test that is not about
        // access is not about access; tests of roles and scope sign in as the sandbox accounts.
        await CreateAccountAsync(TestAccount, "22", [.. StaffRoles.All.Where(r => r != StaffRoles.Viewer)]);
        Client = await LoginAsync(TestAccount, TestPassword);

        await using var respawnConn = new NpgsqlConnection(ConnectionString);
        await respawnConn.OpenAsync();
        _respawner = await Respawner.CreateAsync(respawnConn, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            TablesToIgnore = ["region", "__EFMigrationsHistory", "hub_setting", "staff_account", "staff_account_claim",
                "staff_account_login", "staff_account_token", "collector_authorisation", "origin_product", "spatial_ref_sys",
                // County outlines are loaded once per hub process (StaffConsole.RegionBoundaries), like the region table.
                "region_boundary",
                // The running hub's heartbeat: without it its own claims would look like a dead instance's.
                "hub_instance"],
        });
    }

    /// <summary>The hub's clock: tests advance it instead of waiting (see <see cref="TestClock"/>).</summary>
    public TestClock Clock { get; } = new();

    /// <summary>What the hub logged at Error and above, by request trace id (<see cref="HubErrorLog.For"/>).</summary>
    public HubErrorLog Errors { get; } = new();

    /// <summary>Empties the canonical data and the partners' memories, so each test starts clean.</summary>
    public async Task ResetAsync()
    {
        Clock.Reset();
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
        // hub_setting outlives the reset (it holds the token signing key) while the journal's ids start over: the search
        // indexer's cursor starts anew with the journal.
        await using (var forget = new NpgsqlCommand($"DELETE FROM hub_setting WHERE name = '{JournalTable.SearchCursorSetting}'", conn))
            await forget.ExecuteNonQueryAsync();
        Partners.Registry.Reset();
        Partners.Djet.Reset();
        Partners.NationalCloud.Reset();
        Partners.NationalAgri.Reset();
        Partners.FujianMonitoring.Reset();
        Partners.Alerts.Reset();
    }

    /// <summary>For a fixture whose hub runs with a few settings changed (applied before the hub starts).</summary>
    protected virtual void AdjustSettings(Dictionary<string, string?> settings) { }

    /// <summary>For a fixture whose hub gets a service of the test's own (runs after the hub's registrations, so it wins).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>Serve on a real port (for browser tests) instead of the in-memory test server.</summary>
    protected virtual bool RealServer => false;

    /// <summary>The hub's address when it serves on a real port.</summary>
    public string BaseAddress { get; private set; } = "";

    public const string TestAccount = "hub-tests";
    public const string TestPassword = "hub-tests-password";

    /// <summary>The settings the hub under test runs with, for tests that start a second hub with a few changed.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    /// <summary>An HTTP client signed in as <paramref name="username"/> (a sandbox account unless a password is given).</summary>
    public async Task<HttpClient> LoginAsync(string username, string? password = null, WebApplicationFactory<HubDbContext>? factory = null)
    {
        var client = (factory ?? Factory).CreateClient();
        var token = await TokenAsync(client, username, password ?? StaffAccountSeeder.SandboxPassword(username));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, string username, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { username, password });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"login {username}: {(int)response.StatusCode} {body}");
        return (string)JsonNode.Parse(body)!["accessToken"]!;
    }

    /// <summary>Creates (or replaces) an account directly, for tests that need one the sandbox lacks.</summary>
    public async Task CreateAccountAsync(string username, string region, string[] roles, bool thirdParty = false, string? password = null)
    {
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffAccount>>();
        if (await users.FindByNameAsync(username) is { } old)
        {
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            await db.CollectorAuthorisations.Where(a => a.AccountId == old.Id).ExecuteDeleteAsync();
            await users.DeleteAsync(old);
        }
        var created = await users.CreateAsync(new StaffAccount
        {
            UserName = username, RegionCode = region, Roles = roles, ThirdParty = thirdParty, CreatedAt = DateTimeOffset.UtcNow,
            LockoutEnabled = true,
        }, password ?? (username == TestAccount ? TestPassword : StaffAccountSeeder.SandboxPassword(username)));
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
    }

    public HubDbContext Db() => Factory.Services.CreateScope().ServiceProvider.GetRequiredService<HubDbContext>();

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Partners.Dispose();
        NpgsqlConnection.ClearAllPools();
        await ScratchDatabase.DropAsync(_admin, _database);
    }
}

[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<HubFixture>
{
    public const string Name = "hub";
}
