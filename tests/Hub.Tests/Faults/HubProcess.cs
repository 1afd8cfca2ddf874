using System.Diagnostics;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// The built hub (src/Hub/bin/&lt;configuration&gt;/net10.0/EarTagTrace.Hub.dll) as a real process, configured through
/// environment variables the way scripts/services.sh starts it, so a test can kill -9 it: an in-process host cannot
/// die without taking the test with it.
/// </summary>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly Queue<string> _tail = new();
    private Process? _process;
    private readonly string? _executable;

    /// <param name="executable">A published hub (dist/hub/EarTagTrace.Hub) instead of the built dll run by dotnet.</param>
    public HubProcess(IReadOnlyDictionary<string, string> settings, string? executable = null)
    {
        _executable = executable;
        Port = ListenPort.Free();
        Url = $"http://127.0.0.1:{Port}";
        _environment = new Dictionary<string, string>(settings) { ["ASPNETCORE_URLS"] = Url, ["Urls"] = Url };
    }

    public int Port { get; }
    public string Url { get; }

    /// <summary>The last lines the hub wrote, for a failure message.</summary>
    public string Tail
    {
        get
        {
            lock (_tail) return string.Join("\n", _tail);
        }
    }

    public Task StartAsync() => StartAsync(120);

    /// <param name="readySeconds">How long to wait for /health/ready: a restart under load on a busy box needs longer.</param>
    public async Task StartAsync(int readySeconds)
    {
        var info = new ProcessStartInfo(_executable ?? "dotnet", _executable is null ? [Dll()] : [])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        _process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow.AddSeconds(readySeconds);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                // The parameterless wait also waits for the redirected output to be read to its end: without it the
                // lines the hub wrote just before it exited (its reason) may not be in Tail yet.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"the hub exited with {_process.ExitCode}:\n{Tail}");
            }
            try
            {
                using var ready = await http.GetAsync(Url + "/health/ready");
                if (ready.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the hub was not ready after {readySeconds} s:\n{Tail}");
    }

    /// <summary>
    /// SIGTERM, as `./eartag restart --rolling` and systemd send it: the hub drains (503 HUB_DRAINING, not ready),
    /// finishes what is in flight, hands its claims back and exits. Returns its exit code; killed after
    /// <paramref name="patience"/> (then the code is that of the kill).
    /// </summary>
    public async Task<int> StopAsync(TimeSpan patience)
    {
        if (_process is null || _process.HasExited) return _process?.ExitCode ?? 0;
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
               ?? throw new InvalidOperationException("kill did not start"))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            await _process.WaitForExitAsync();
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
        return _process.ExitCode;
    }

    /// <summary>Whether /health/ready answers 2xx now (what the launcher and a load balancer poll).</summary>
    public async Task<bool> IsReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var ready = await http.GetAsync(Url + "/health/ready");
            return ready.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown hook, no hosted service stopping, no sign-off.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 60) _tail.Dequeue();
        }
    }

    /// <summary>The hub built beside this test assembly, in the same configuration (Release under ./eartag test).</summary>
    private static string Dll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent?.Name ?? "Release"; // .../bin/<configuration>/net10.0/
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EarTagTrace.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "Hub", "bin", configuration, "net10.0", "EarTagTrace.Hub.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException("build the solution first", dll);
            }
        }
        throw new DirectoryNotFoundException("EarTagTrace.sln not found above " + AppContext.BaseDirectory);
    }

}
