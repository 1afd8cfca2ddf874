using System.Globalization;

namespace EarTagTrace.Bench.Journal;

/// <summary>Command line of JournalBench; the hub's address comes from ./eartag bench.</summary>
public sealed record BenchOptions
{
    /// <summary>Journal entries to seed: the issue asks for 10 million; `./eartag bench` runs a smaller count.</summary>
    public long Count { get; init; } = 10_000_000;
    /// <summary>Farm codes the seeded entries name; each is named by about Count / Farms entries.</summary>
    public int Farms { get; init; } = 20_000;
    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(10);
    public int Clients { get; init; } = 4;
    public int Limit { get; init; } = 50;
    public int Seed { get; init; } = 20261129;
    public Uri Hub { get; init; } = new("http://127.0.0.1:5080");
    public string? ConnectionString { get; init; } = Environment.GetEnvironmentVariable("ConnectionStrings__Hub");

    /// <summary>The figure names end in the size: journal_page_10m, journal_page_1m, journal_page_200k.</summary>
    public string SizeName => Count % 1_000_000 == 0 ? $"{Count / 1_000_000}m" : Count % 1_000 == 0 ? $"{Count / 1_000}k" : Count.ToString(CultureInfo.InvariantCulture);

    public const string Usage =
        "usage: JournalBench [--count N] [--farms N] [--seconds N] [--clients N] [--limit N] [--seed N] [--hub URL]\n"
        + "  seeds N journal entries (default 10,000,000) over the last year straight into the hub's database, then times pages of\n"
        + "  GET /api/journal (newest, deep keyset pages, source+status, source+status+key) beside the same SELECT sent to PostgreSQL.\n"
        + "Run it through ./eartag bench JournalBench, which starts PostgreSQL, the simulators and the hub (with a fresh database).";

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
                "--count" => o with { Count = long.Parse(value, CultureInfo.InvariantCulture) },
                "--farms" => o with { Farms = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => o with { Phase = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                "--clients" => o with { Clients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--limit" => o with { Limit = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--hub" => o with { Hub = new Uri(value) },
                "--national" => o,
                _ => throw new ArgumentException($"unknown option {name}\n{Usage}"),
            };
        }
        if (o.Count < 10_000 || o.Farms < 10 || o.Clients < 1 || o.Limit is < 1 or > 500)
            throw new ArgumentException($"--count at least 10000, --farms at least 10, --clients at least 1, --limit 1 to 500\n{Usage}");
        return o;
    }
}
