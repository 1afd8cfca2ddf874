using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EarTagTrace.Hub.Tests.Api;

/// <summary>
/// The API description lints clean with Redocly's CLI (pinned, installed with npm into .data/tools/redocly on first use),
/// the linter partners' API portals run; a machine without npm skips the test and says so.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Linting_the_api_description(HubFixture hub)
{
    public const string RedoclyVersion = "2.77.0";

    [SkippableFact]
    public async Task Should_have_no_redocly_lint_errors()
    {
        var root = RepoRoot();
        var tools = Path.Combine(root, ".data", "tools", "redocly");
        var redocly = Path.Combine(tools, "node_modules", ".bin", "redocly");
        var installed = Path.Combine(tools, "node_modules", "@redocly", "cli", "package.json");
        if (!File.Exists(installed) || (string?)JsonNode.Parse(File.ReadAllText(installed))!["version"] != RedoclyVersion)
        {
            Skip.If(Which("npm") is null, "npm is not installed, so @redocly/cli cannot be installed to lint the API description");
            Directory.CreateDirectory(tools);
            var (code, output) = await RunAsync("npm", tools, "install", "--prefix", tools, "--no-audit", "--no-fund", "--loglevel=error", $"@redocly/cli@{RedoclyVersion}");
            Skip.If(code != 0 && output.Contains("ENOTFOUND", StringComparison.Ordinal), "the npm registry is not reachable: " + output);
            Assert.True(code == 0, "npm install @redocly/cli failed: " + output);
        }

        var document = Path.Combine(root, ".data", "openapi", "v1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(document)!);
        await File.WriteAllTextAsync(document, await hub.Client.GetStringAsync("/openapi/v1.json"));
        var (exit, lint) = await RunAsync(redocly, tools, "lint", document, "--format=stylish");
        Assert.True(exit == 0, $"redocly lint {document}:\n{lint}");
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EarTagTrace.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("EarTagTrace.sln not found above " + AppContext.BaseDirectory);
    }

    internal static string? Which(string command) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator).Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);

    internal static async Task<(int Code, string Output)> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // No telemetry or update checks from the linter during a test run.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
