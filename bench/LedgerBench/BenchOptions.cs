using System.Globalization;

namespace EarTagTrace.Bench.Ledger;

/// <summary>Command line of LedgerBench; endpoints and credentials default to what ./eartag starts.</summary>
public sealed record BenchOptions
{
    public const int FullFarms = 1_000_000;
    public const int FullRanges = 1_000_000;
    public const int FullSheetRows = 100_000;

    /// <summary>Shrinks every size (farms, ranges, sheet rows) for a quick run; 1 is the full run.</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>Length of each timed phase.</summary>
    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Untimed requests of each kind before the timed phases, so they measure the hub and not its JIT.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    public int Seed { get; init; } = 20261123;
    public bool Sheet { get; init; } = true;
    public Uri Hub { get; init; } = new("http://127.0.0.1:5080");
    public Uri National { get; init; } = new("http://127.0.0.1:5083");

    public string AppKey { get; init; } = Env("Partners__Djet__AppKey") ?? "dj-sandbox";
    public string Secret { get; init; } = Env("Partners__Djet__Secret") ?? "dj-sandbox-secret";
    public string? ConnectionString { get; init; } = Env("ConnectionStrings__Hub");
    public int? HubPid { get; init; } = int.TryParse(Env("EARTAG_HUB_PID"), out var pid) ? pid : null;

    public int Farms => Math.Max(2_000, (int)Math.Round(FullFarms * Scale));
    public int Ranges => Math.Max(2_000, (int)Math.Round(FullRanges * Scale));
    /// <summary>Rows of the stock sheet when given on its own (--sheet-rows), else scaled like the rest.</summary>
    public int? SheetRowsOption { get; init; }

    public int SheetRows => SheetRowsOption ?? Math.Max(1_000, (int)Math.Round(FullSheetRows * Scale));

    public const string Usage =
        "usage: LedgerBench [--scale X] [--seconds N] [--warmup N] [--seed N] [--sheet on|off] [--sheet-rows N] [--hub URL] [--national URL]\n"
        + "  --scale 1 seeds 1,000,000 farms and 1,000,000 registered tag ranges (~100 million tags) and imports a\n"
        + "  100,000-row stock sheet; --scale 0.01 shrinks all of them (--sheet-rows keeps the sheet's size apart).\n"
        + "  --seconds is the length of each timed phase.\n"
        + "PostgreSQL comes from ConnectionStrings__Hub, the hub's pid from EARTAG_HUB_PID, the 动监e通 credentials from\n"
        + "Partners__Djet__AppKey/__Secret. The hub must run with Bench__BareEndpoint=true (./eartag bench sets it).";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
                throw new ArgumentException(Usage);
            if (i + 1 >= args.Length)
                throw new ArgumentException($"{name} needs a value\n{Usage}");
            var value = args[++i];
            options = name switch
            {
                "--scale" => options with { Scale = Fraction(name, value) },
                "--seconds" => options with { Phase = TimeSpan.FromSeconds(Positive(name, value)) },
                "--warmup" => options with { WarmUp = TimeSpan.FromSeconds(Positive(name, value)) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--sheet-rows" => options with { SheetRowsOption = Positive(name, value) },
                "--sheet" => options with { Sheet = value is "on" or "true" or "1" ? true : value is "off" or "false" or "0" ? false : throw new ArgumentException("--sheet is on or off") },
                "--hub" => options with { Hub = new Uri(value) },
                "--national" => options with { National = new Uri(value) },
                _ => throw new ArgumentException($"unknown option {name}\n{Usage}"),
            };
        }
        return options;
    }

    private static int Positive(string name, string value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, not '{value}'");

    private static double Fraction(string name, string value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && x <= 1
            ? x
            : throw new ArgumentException($"{name} must be a number in (0, 1], not '{value}'");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
