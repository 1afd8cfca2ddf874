using System.Globalization;

namespace EarTagTrace.Bench.Trace;

/// <summary>Command line of TraceBench; the hub's address and database come from ./eartag bench.</summary>
public sealed record BenchOptions
{
    /// <summary>1.0 is the world: 1 M farms and 100 M tags with a year of declarations and certificates.</summary>
    public double Scale { get; init; } = 1.0;
    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// Untimed hub traces before the phases. A fresh hub keeps its tiered JIT busy for many seconds once traffic starts
    /// (2.8 s of a 10-second phase after an 8-second warm-up, 0.08 s after a 30-second one): that is start-up, not a trace.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(30);
    public int Clients { get; init; } = 2;
    public int Days { get; init; } = 30;
    public int Depth { get; init; } = 2;
    public int Seed { get; init; } = 20261207;
    /// <summary>
    /// The bare SQL walk the hub is compared with: <c>full</c> (the same places, hops and co-residents as the hub),
    /// <c>partial</c> (the walk compared before, which does less than the answer needs), or <c>both</c> (one phase
    /// each, the figure from the full one).
    /// </summary>
    public string Baseline { get; init; } = "full";
    /// <summary>Start tags traced both ways, and their places compared, before the timed phases (0: no check).</summary>
    public int Check { get; init; } = 50;
    /// <summary>Keep a world an earlier run seeded into the same database (ConnectionStrings__Hub), for profiling.</summary>
    public bool Reuse { get; init; }
    public Uri Hub { get; init; } = new("http://127.0.0.1:5080");
    public string? ConnectionString { get; init; } = Environment.GetEnvironmentVariable("ConnectionStrings__Hub");

    public int Farms => Math.Max(100, (int)(1_000_000 * Scale));
    /// <summary>Tags per farm: 100 M tags over 1 M farms.</summary>
    public const int TagsPerFarm = 100;
    /// <summary>Certificates per farm over the year, each of <see cref="TagsPerCertificate"/> of the farm's tags.</summary>
    public const int CertificatesPerFarm = 4, TagsPerCertificate = 10;

    public const string Usage =
        "usage: TraceBench [--scale X] [--seconds N] [--warmup N] [--clients N] [--days N] [--depth N] [--seed N] [--reuse true]\n"
        + "       [--baseline full|partial|both] [--check N] [--hub URL]\n"
        + "  seeds a world of 1,000,000 x scale farms, 100 tags each, and a year of issuances, declarations and certificates (a\n"
        + "  third into another registered farm) with COPY, then times POST /api/traces from random tags beside the bare\n"
        + "  recursive SQL query of the same walk (--baseline, default full; first --check N tags, default 50, are traced\n"
        + "  both ways and must give the same places, hops and animals, or the run fails). Run it through ./eartag bench\n"
        + "  TraceBench (fresh database); --reuse true keeps a world seeded\n"
        + "  before in the database ConnectionStrings__Hub names (the same --scale), for profiling runs.";

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
                "--warmup" => o with { WarmUp = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                "--clients" => o with { Clients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--days" => o with { Days = int.Parse(value, CultureInfo.InvariantCulture) },
                "--depth" => o with { Depth = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--reuse" => o with { Reuse = bool.Parse(value) },
                "--baseline" => o with { Baseline = value },
                "--check" => o with { Check = int.Parse(value, CultureInfo.InvariantCulture) },
                "--hub" => o with { Hub = new Uri(value) },
                "--national" => o,
                _ => throw new ArgumentException($"unknown option {name}\n{Usage}"),
            };
        }
        if (o.Scale is <= 0 or > 1 || o.Clients < 1 || o.Days < 1 || o.Depth is < 0 or > 5 || o.Check < 0
            || o.Baseline is not ("full" or "partial" or "both"))
            throw new ArgumentException($"--scale in (0, 1], --clients at least 1, --days at least 1, --depth 0 to 5, --check at least 0,"
                + " --baseline full, partial or both\n{Usage}");
        return o;
    }
}
