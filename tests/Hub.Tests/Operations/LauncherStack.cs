using EarTagTrace.Hub.Tests.Support;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Operations;

/// <summary>
/// `./eartag up --instances 3 --monitor` as an operator runs it (the binaries already built, on a database of its own,
/// on ports of its own), for the tests of <see cref="Running_three_hubs_under_the_launcher"/>. The hubs share their work
/// over the outbox (Messaging__Transport=InMemory: the relay's SKIP LOCKED splits the rows, and no RabbitMQ node
/// is needed); the launcher starts the simulators, the hubs and Prometheus, and supervises them.
/// </summary>
public sealed class LauncherStack : IAsyncLifetime
{
    public const int Instances = 3;
    private readonly StringBuilder _output = new();
    private readonly string _database = "eartag_launch_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eartag-launch-" + Guid.NewGuid().ToString("N")[..8]);
    private string? _admin;
    private Process? _launcher;

    /// <summary>Why the stack cannot start on this machine (the tests then skip with it), or null.</summary>
    public string? Unavailable { get; private set; }
    public bool Monitored { get; private set; }
    public List<string> HubUrls { get; } = [];
    public string PrometheusUrl { get; private set; } = "";
    public string NationalUrl { get; private set; } = "";
    public int HubPort { get; private set; }
    /// <summary>The launcher's own settings, for a second ./eartag command on the same run (restart --rolling).</summary>
    public Dictionary<string, string> Environment { get; } = [];
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
    public string Logs => Path.Combine(_data, "logs", HubPort.ToString());

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        _admin = System.Environment.GetEnvironmentVariable("EARTAG_TEST_PG");
        var hubDll = Path.Combine(Repo.Root, "src", "Hub", "bin", "Release", "net10.0", "EarTagTrace.Hub.dll");
        var simDll = Path.Combine(Repo.Root, "src", "Simulator", "bin", "Release", "net10.0", "EarTagTrace.Simulator.dll");
        if (_admin is null) Unavailable = "EARTAG_TEST_PG is not set (./eartag test sets it)";
        else if (!File.Exists(hubDll) || !File.Exists(simDll)) Unavailable = "the launcher runs the Release build; build the solution in Release first";
        else if (Repo.Tool("curl") is null) Unavailable = "the launcher's readiness checks need curl";
        if (Unavailable is not null) return;
        Monitored = Repo.Tool("prometheus") is not null;

        await ScratchDatabase.CreateAsync(_admin!, _database);
        // Ports below the ephemeral range, in blocks: the simulators take five in a row, the extra hubs two.
        HubPort = FreeBlock(1);
        var simBase = FreeBlock(5);
        var extraBase = FreeBlock(Instances - 1);
        var promPort = FreeBlock(1);
        HubUrls.Add($"http://127.0.0.1:{HubPort}");
        for (var i = 0; i < Instances - 1; i++) HubUrls.Add($"http://127.0.0.1:{extraBase + i}");
        PrometheusUrl = $"http://127.0.0.1:{promPort}";
        NationalUrl = $"http://127.0.0.1:{simBase + 2}";

        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(Repo.Root, "eartag"), "up", "--instances", Instances.ToString(), "--no-build"]) info.ArgumentList.Add(a);
        if (Monitored) info.ArgumentList.Add("--monitor");
        // Nothing of the test host's own settings leaks into the hubs.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Partners__") || k.StartsWith("Messaging__")
            || k is "ASPNETCORE_URLS" or "Urls" or "EARTAG_INSTANCES" or "EARTAG_PG" or "ConnectionStrings__Hub").ToList())
            info.Environment.Remove(key);
        var env = Environment;
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["ConnectionStrings__Hub"] = ConnectionString,
            ["EARTAG_DATA"] = _data,
            ["EARTAG_HUB_PORT"] = HubPort.ToString(),
            ["EARTAG_SIM_PORT_BASE"] = simBase.ToString(),
            ["EARTAG_EXTRA_PORT_BASE"] = extraBase.ToString(),
            ["EARTAG_PROMETHEUS_PORT"] = promPort.ToString(),
            ["EARTAG_PROMETHEUS_INTERVAL"] = "1s",
            ["EARTAG_READY_TIMEOUT"] = "240",
            ["EARTAG_SIM_FARMS"] = "10",
            ["Messaging__Transport"] = "InMemory",
            ["Partners__FarmRegistry__PullEnabled"] = "false",
            ["Limits__PartnerPerSecond"] = "0",
            ["Reconciliation__NightlyEnabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        }) env[k] = v;
        foreach (var (k, v) in env) info.Environment[k] = v;
        _launcher = Process.Start(info)!;
        _launcher.OutputDataReceived += (_, e) => Keep(e.Data);
        _launcher.ErrorDataReceived += (_, e) => Keep(e.Data);
        _launcher.BeginOutputReadLine();
        _launcher.BeginErrorReadLine();

        var until = DateTime.UtcNow.AddMinutes(8);
        while (!Output.Contains("EarTagTrace is up."))
        {
            if (_launcher.HasExited) throw new InvalidOperationException($"./eartag up exited with {_launcher.ExitCode}:\n{Output}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"./eartag up was not up after 8 minutes:\n{Output}");
            await Task.Delay(500);
        }
    }

    /// <summary>The pid the launcher recorded for a service (hub, hub-2, …, simulators, prometheus).</summary>
    public int Pid(string service) => int.Parse(File.ReadAllText(Path.Combine(Logs, service + ".pid")).Trim());

    public bool LauncherRunning => _launcher is { HasExited: false };

    /// <summary>SIGTERM, as systemd or Ctrl-C stops it; answers the launcher's exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (_launcher is null || _launcher.HasExited) return _launcher?.ExitCode ?? 0;
        await Repo.RunAsync("kill", ["-TERM", _launcher.Id.ToString()]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _launcher.WaitForExitAsync(cts.Token);
        return _launcher.ExitCode;
    }

    public async Task DisposeAsync()
    {
        var pids = Directory.Exists(Logs) ? Directory.GetFiles(Logs, "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim())).ToList() : [];
        try { await StopAsync(); }
        catch (OperationCanceledException) { _launcher?.Kill(entireProcessTree: true); }
        // Whatever the launcher failed to stop must not outlive the test run.
        foreach (var pid in pids)
        {
            try { using var p = Process.GetProcessById(pid); p.Kill(entireProcessTree: true); }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
        }
        _launcher?.Dispose();
        if (_admin is not null)
        {
            await ScratchDatabase.DropAsync(_admin, _database);
        }
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>n free ports in a row below the ephemeral range (see Faults/ListenPort).</summary>
    private static int FreeBlock(int n)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 32_767 - n);
            if (Enumerable.Range(first, n).All(Free)) return first;
        }
        throw new InvalidOperationException($"no {n} free ports in a row");
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
