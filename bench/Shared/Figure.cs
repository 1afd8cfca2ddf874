using System.Text.Json;
using System.Text.Json.Serialization;

namespace EarTagTrace.Bench;

/// <summary>
/// One line of the table `./eartag bench` prints: the hub's figure beside its same-run baseline. Rates are per second
/// (ops, records or rows: <see cref="Unit"/> says which), so ratio = hub / baseline and higher is better.
/// </summary>
public sealed record Figure(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("hub")] double? Hub,
    [property: JsonPropertyName("baseline")] double? Baseline,
    [property: JsonPropertyName("ratio")] double? Ratio,
    [property: JsonPropertyName("p50_ms")] double? P50Ms,
    [property: JsonPropertyName("p99_ms")] double? P99Ms,
    [property: JsonPropertyName("baseline_p99_ms")] double? BaselineP99Ms)
{
    /// <summary>CPU ms (hub + PostgreSQL, from /proc: <see cref="CpuMeter"/>) per accepted message, record or row.</summary>
    [JsonPropertyName("cpu_ms_per_msg")]
    public double? CpuMsPerMsg { get; init; }

    /// <summary>The same for the baseline (bare insert or COPY) of the same run.</summary>
    [JsonPropertyName("baseline_cpu_ms_per_msg")]
    public double? BaselineCpuMsPerMsg { get; init; }

    /// <summary>A figure whose ratio is hub / baseline; NaN or missing values become null (not measured).</summary>
    public static Figure Of(string name, string unit, double? hub, double? baseline,
        double? p50Ms = null, double? p99Ms = null, double? baselineP99Ms = null,
        double? cpuMsPerMsg = null, double? baselineCpuMsPerMsg = null)
    {
        hub = Finite(hub);
        baseline = Finite(baseline);
        var ratio = hub is { } h && baseline is { } b && b > 0 ? Math.Round(h / b, 4) : (double?)null;
        return new Figure(name, unit, Round(hub, 1), Round(baseline, 1), ratio,
            Round(Finite(p50Ms), 2), Round(Finite(p99Ms), 2), Round(Finite(baselineP99Ms), 2))
        {
            CpuMsPerMsg = Round(Finite(cpuMsPerMsg), 4),
            BaselineCpuMsPerMsg = Round(Finite(baselineCpuMsPerMsg), 4),
        };
    }

    private static double? Finite(double? x) => x is { } v && double.IsFinite(v) ? v : null;

    private static double? Round(double? x, int digits) => x is { } v ? Math.Round(v, digits) : null;
}

/// <summary>
/// Where a benchmark leaves its results: bench/results/ (ignored by git). Each benchmark writes its figures to
/// bench/results/figures/&lt;bench&gt;.json; `./eartag bench` merges those files into bench/results/latest.json
/// (scripts/bench-figures.py), so a new benchmark adds figures by writing its own file.
/// </summary>
public static class BenchResults
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Directory()
    {
        // bench/ is found from the working directory (./eartag runs from the repo root) or from the binary's location.
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EarTagTrace.sln")))
                    return Path.Combine(dir.FullName, "bench", "results");
            }
        }
        return Path.Combine(System.IO.Directory.GetCurrentDirectory(), "bench", "results");
    }

    /// <summary>Writes bench/results/figures/&lt;bench&gt;.json as {"bench", "figures": [...]} and returns its path.</summary>
    public static string WriteFigures(string bench, IReadOnlyList<Figure> figures)
    {
        var dir = Path.Combine(Directory(), "figures");
        System.IO.Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, bench + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { bench, figures }, Json));
        return path;
    }
}
