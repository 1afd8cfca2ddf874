using System.Diagnostics;

namespace EarTagTrace.Hub.Tests.Operations;

/// <summary>The checkout the tests run from, and running its tools (the launcher, promtool, systemd-analyze).</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (the launcher runs the Release binaries).</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release";

    public static string? Tool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>Runs a tool to its end; answers its exit code and everything it printed.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not end in time: {await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EarTagTrace.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("EarTagTrace.sln not found above " + AppContext.BaseDirectory);
    }
}
