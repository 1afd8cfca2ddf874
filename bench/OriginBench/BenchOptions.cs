using System.Globalization;

namespace EarTagTrace.Bench.Origin;

/// <summary>Command line of OriginBench; the hub's address comes from ./eartag bench.</summary>
public sealed record BenchOptions
{
    public double Scale { get; init; } = 1.0;
    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(15);
    public int Clients { get; init; } = 8;
    public int Seed { get; init; } = 20261129;
    public Uri Hub { get; init; } = new("http://127.0.0.1:5080");
    public string? ConnectionString { get; init; } = Environment.GetEnvironmentVariable("ConnectionStrings__Hub");

    public int Records => Math.Max(10_000, (int)Math.Round(1_000_000 * Scale));
    public int SheetRows => Math.Max(1_000, (int)Math.Round(100_000 * Scale));

    public const string Usage =
        "usage: OriginBench [--scale X] [--seconds N] [--clients N] [--seed N] [--hub URL]\n"
        + "  --scale 1 seeds 1,000,000 origin records over Fujian's townships and imports a 100,000-row 采集表; --scale 0.01 shrinks both.\n"
        + "Run it through ./eartag bench OriginBench, which starts PostgreSQL, the simulators and the hub (with a fresh database).";

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help") throw new ArgumentException(Usage);
            if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            var (name, value) = (args[i], args[++i]);
            o = name switch
            {
                "--scale" => o with { Scale = double.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => o with { Phase = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                "--clients" => o with { Clients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--hub" => o with { Hub = new Uri(value) },
                "--national" => o,
                _ => throw new ArgumentException($"unknown option {name}\n{Usage}"),
            };
        }
        return o;
    }
}
