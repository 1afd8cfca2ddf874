using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EarTagTrace.Hub.Observability;

namespace EarTagTrace.Hub.Tests.Operations;

/// <summary>
/// ops/prometheus/alerts.yml and ops/grafana/eartag.json as Prometheus's own checker reads them: the rules parse and
/// their PromQL is valid (promtool check rules), every dashboard query is valid PromQL (each wrapped into a recording
/// rule, since Grafana is not in Debian's archive), there is a rule for every alert the hub raises itself plus
/// instance and database down, and the dashboard has a row per partner. No database needed.
/// </summary>
public sealed partial class Checking_the_monitoring_rules
{
    private static string AlertsFile => Path.Combine(Repo.Root, "ops", "prometheus", "alerts.yml");
    private static string DashboardFile => Path.Combine(Repo.Root, "ops", "grafana", "eartag.json");

    [SkippableFact]
    public async Task Should_pass_promtool_check_rules()
    {
        var promtool = Repo.Tool("promtool");
        Skip.If(promtool is null, "promtool (Debian's prometheus package) is not installed");
        var (code, output) = await Repo.RunAsync(promtool!, ["check", "rules", AlertsFile]);
        Assert.True(code == 0, output);
        Assert.Contains($"SUCCESS: {AlertNames().Count} rules found", output);
    }

    [SkippableFact]
    public async Task Should_pass_promtool_for_every_dashboard_query()
    {
        var promtool = Repo.Tool("promtool");
        Skip.If(promtool is null, "promtool (Debian's prometheus package) is not installed");
        var queries = DashboardQueries();
        Assert.NotEmpty(queries);
        var rules = new StringBuilder("groups:\n  - name: eartag-dashboard\n    rules:\n");
        for (var i = 0; i < queries.Count; i++)
            rules.Append($"      - record: eartag_dashboard:query_{i}\n        expr: {JsonValue.Create(WithoutGrafanaMacros(queries[i])).ToJsonString()}\n");
        var file = Path.Combine(Path.GetTempPath(), $"eartag-dashboard-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var (code, output) = await Repo.RunAsync(promtool!, ["check", "rules", file]);
            Assert.True(code == 0, output + "\n" + rules);
            Assert.Contains($"SUCCESS: {queries.Count} rules found", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Should_hold_a_rule_for_every_alert_the_hub_raises_and_for_instance_and_database_down()
    {
        var text = File.ReadAllText(AlertsFile);
        // Each rule that mirrors one of the hub's alert kinds says which, in the comment above it.
        foreach (var kind in new[] { AlertEvaluator.InboundFailureRate, AlertEvaluator.DeliveryFailureRate, AlertEvaluator.QueueAge })
            Assert.Matches(new Regex($@"^\s*# {Regex.Escape(kind)}:", RegexOptions.Multiline), text);
        Assert.Equal(
            ["EarTagDatabaseDown", "EarTagDeliveryFailureRate", "EarTagInboundFailureRate", "EarTagInstanceDown", "EarTagQueueAge"],
            AlertNames().Order());
        // Rates per adapter and destination, as the hub computes them.
        Assert.Contains("sum by (source)", text);
        Assert.Contains("sum by (destination)", text);
    }

    [Fact]
    public void Should_give_every_partner_a_row_of_the_dashboard()
    {
        var rows = Panels().Where(p => (string?)p["type"] == "row").Select(p => (string)p["title"]!).ToList();
        foreach (var partner in new[] { "farm registry", "动监e通", "national cloud platform", "national agri-product traceability platform" })
            Assert.Single(rows, r => r.Contains(partner));
    }

    public static List<string> AlertNames() =>
        AlertName().Matches(File.ReadAllText(AlertsFile)).Select(m => m.Groups[1].Value).ToList();

    public static List<string> DashboardQueries() =>
        Panels().SelectMany(p => p["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!).ToList();

    /// <summary>Grafana's interval macros stand for a duration; promtool and Prometheus need one written out.</summary>
    public static string WithoutGrafanaMacros(string expr) => GrafanaMacro().Replace(expr, "1m");

    private static IEnumerable<JsonNode> Panels()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(DashboardFile))!;
        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            yield return panel!;
            foreach (var inner in panel!["panels"]?.AsArray() ?? []) yield return inner!;
        }
    }

    [GeneratedRegex(@"^\s*- alert: (\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertName();

    [GeneratedRegex(@"\$__(rate_interval|interval|range)")]
    private static partial Regex GrafanaMacro();
}
