using System.Text.RegularExpressions;

namespace EarTagTrace.Hub.Tests.Architecture;

/// <summary>
/// The layering docs/architecture.md promises for src/Hub, read from the sources: a feature never uses another
/// feature, and the shared layers (Inbound, Ledger, Messaging, Persistence, Imports) never use a feature; Messaging and
/// Persistence, the bottom of the inbound path, use neither Inbound nor Ledger; the Edge uses none of them. A namespace
/// named in a using line or written out in the code counts.
/// </summary>
public sealed partial class Keeping_the_layers_of_the_hub
{
    [GeneratedRegex(@"EarTagTrace\.Hub\.(Features\.[A-Za-z]+|Inbound|Ledger|Messaging|Persistence|Imports)\b")]
    private static partial Regex HubNamespace();

    [GeneratedRegex(@"(?<![\w.])(Features\.[A-Z][A-Za-z]+)\.")]
    private static partial Regex RelativeFeature();

    private static readonly string Hub = Path.Combine(RepoRoot(), "src", "Hub");

    [Fact]
    public void Should_keep_each_feature_to_itself()
    {
        var crossings = new List<string>();
        foreach (var feature in Directory.GetDirectories(Path.Combine(Hub, "Features")))
        {
            var own = "Features." + Path.GetFileName(feature);
            foreach (var (file, used) in Uses(feature))
                if (used.StartsWith("Features.", StringComparison.Ordinal) && used != own)
                    crossings.Add($"{Relative(file)} uses {used}");
        }

        Assert.Empty(crossings);
    }

    [Theory]
    [InlineData("Inbound", new[] { "Features." })]
    [InlineData("Ledger", new[] { "Features." })]
    [InlineData("Imports", new[] { "Features.", "Inbound", "Ledger", "Messaging" })]
    [InlineData("Messaging", new[] { "Features.", "Inbound", "Ledger" })]
    [InlineData("Persistence", new[] { "Features.", "Inbound", "Ledger", "Messaging", "Imports" })]
    // The edge reads what callers send before any rule runs: it knows no rule, table or message.
    [InlineData("Edge", new[] { "Features.", "Inbound", "Ledger", "Messaging", "Persistence", "Imports" })]
    public void Should_keep_the_shared_layers_below_what_uses_them(string layer, string[] forbidden)
    {
        var crossings = Uses(Path.Combine(Hub, layer))
            .Where(u => forbidden.Any(f => u.Used.StartsWith(f, StringComparison.Ordinal)))
            .Select(u => $"{Relative(u.File)} uses {u.Used}")
            .ToList();

        Assert.Empty(crossings);
    }

    private static IEnumerable<(string File, string Used)> Uses(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(file);
            var used = HubNamespace().Matches(text).Select(m => m.Groups[1].Value)
                .Concat(RelativeFeature().Matches(text).Select(m => m.Groups[1].Value))
                .Distinct();
            foreach (var name in used) yield return (file, name);
        }
    }

    private static string Relative(string file) => Path.GetRelativePath(Hub, file);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EarTagTrace.sln"))) return dir.FullName;
        throw new InvalidOperationException("EarTagTrace.sln not found above " + AppContext.BaseDirectory);
    }
}
