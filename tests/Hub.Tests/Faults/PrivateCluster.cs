using System.Diagnostics;

namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of its own (Debian's binaries, like scripts/pg.sh) that a fault test may stop and start: the
/// cluster of ./eartag test is shared by every other test and must never go down. Owned by 'postgres' when the tests
/// run as root, since the server refuses to run as root.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;

    private PrivateCluster(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>Null when no PostgreSQL server binaries are installed (then the caller says so and skips).</summary>
    public static async Task<PrivateCluster?> CreateAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null) return null;
        var dir = Path.Combine(Path.GetTempPath(), "eartag-fault-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var cluster = new PrivateCluster(bin, dir, ListenPort.Free());
        if (IsRoot) await RunAsync("chown", "postgres:", dir);
        await cluster.AsOwnerAsync("initdb", "-D", Path.Combine(dir, "data"), "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
            "--auth-local=trust", "--auth-host=trust");
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() => AsOwnerAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "pg.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    /// <summary>Fast shutdown: open connections are cut, as when the database host goes away.</summary>
    public Task StopAsync() => AsOwnerAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "-t", "60", "stop");

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsOwnerAsync(string tool, params string[] args)
        => IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args]) : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await output} {await error}");
    }

}
