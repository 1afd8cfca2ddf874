using System.Globalization;
using System.Text;

namespace EarTagTrace.Bench.Ledger;

/// <summary>
/// The figure table printed to the console and kept in bench/results/&lt;timestamp&gt;-ledger.txt: free lines (settings,
/// seeding), then one grid row per measured figure with its same-run baseline and the ratio hub/baseline.
/// </summary>
public sealed class ResultTable(string title)
{
    private readonly List<string> _lines = [];
    private readonly List<string[]> _grid = [];
    private readonly List<string> _notes = [];

    private static readonly string[] Header =
        ["figure", "clients", "hub ops", "hub ops/s", "bare ops/s", "ratio", "hub p50 ms", "bare p50", "ratio", "hub p99 ms", "bare p99", "ratio", "refused/failed"];

    public void Line(string name, string value) => _lines.Add($"{name,-34}{value}");

    public void Note(string text) => _notes.Add(text);

    /// <summary>A hub phase beside the bare-insert phase of the same concurrency and body size.</summary>
    public void Add(string figure, PhaseResult hub, PhaseResult? bare) => _grid.Add(
    [
        figure, hub.Clients.ToString(CultureInfo.InvariantCulture), hub.Ok.ToString("N0", CultureInfo.InvariantCulture),
        F(hub.PerSecond), bare is null ? "-" : F(bare.PerSecond), Ratio(hub.PerSecond, bare?.PerSecond),
        F(hub.P50), bare is null ? "-" : F(bare.P50), Ratio(hub.P50, bare?.P50),
        F(hub.P99), bare is null ? "-" : F(bare.P99), Ratio(hub.P99, bare?.P99),
        $"{hub.Refused}/{hub.Failed}",
    ]);

    public static string F(double x) => double.IsNaN(x) ? "-" : x >= 100 ? x.ToString("N0", CultureInfo.InvariantCulture) : x.ToString("F1", CultureInfo.InvariantCulture);

    public static string Ratio(double hub, double? bare) =>
        bare is { } b && b > 0 && !double.IsNaN(hub) && !double.IsNaN(b) ? (hub / b).ToString("F3", CultureInfo.InvariantCulture) : "-";

    public override string ToString()
    {
        var text = new StringBuilder().AppendLine(title).AppendLine(new string('-', Math.Min(160, Math.Max(title.Length, 60))));
        foreach (var line in _lines) text.AppendLine(line);
        if (_grid.Count > 0)
        {
            var rows = _grid.Prepend(Header).ToList();
            var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            text.AppendLine();
            foreach (var row in rows)
            {
                for (var c = 0; c < row.Length; c++)
                    text.Append(c == 0 ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c])).Append(c == row.Length - 1 ? "" : "  ");
                text.AppendLine();
            }
        }
        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in _notes) text.AppendLine(note);
        }
        return text.ToString();
    }

    /// <summary>Writes bench/results/&lt;timestamp&gt;-ledger.txt and returns its path.</summary>
    public string Save(DateTimeOffset at)
    {
        var dir = BenchResults.Directory();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, at.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-ledger.txt");
        File.WriteAllText(path, ToString());
        return path;
    }
}
