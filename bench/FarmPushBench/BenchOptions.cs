using System.Globalization;

namespace EarTagTrace.Bench;

/// <summary>Command line of FarmPushBench; endpoints and credentials default to what ./eartag starts.</summary>
public sealed record BenchOptions
{
    public int Count { get; init; } = 100_000;
    public int Batch { get; init; } = 500;
    public int Concurrency { get; init; } = 4;
    public int Seed { get; init; } = 20260601;
    public Uri Hub { get; init; } = new("http://127.0.0.1:5080");
    public Uri National { get; init; } = new("http://127.0.0.1:5083");
    public TimeSpan NationalTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Give up waiting for the national platform when its count has not moved for this long.</summary>
    public TimeSpan NationalStall { get; init; } = TimeSpan.FromMinutes(3);

    public string AppKey { get; init; } = Env("Partners__FarmRegistry__AppKey") ?? "fr-sandbox";
    public string Secret { get; init; } = Env("Partners__FarmRegistry__Secret") ?? "fr-sandbox-secret";
    public string? ConnectionString { get; init; } = Env("ConnectionStrings__Hub");

    public const string Usage =
        "usage: FarmPushBench [--count N] [--batch N] [--concurrency N] [--seed N] [--hub URL] [--national URL]\n"
        + "                     [--timeout-min N] [--stall-min N]\n"
        + "PostgreSQL comes from ConnectionStrings__Hub; the registry credentials from Partners__FarmRegistry__AppKey/__Secret.";

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
                "--count" => options with { Count = Positive(name, value) },
                "--batch" => options with { Batch = Positive(name, value) is var b and <= 500 ? b : throw new ArgumentException("--batch is 1–500 rows (docs/partners.md, farm registry)") },
                "--concurrency" => options with { Concurrency = Positive(name, value) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--hub" => options with { Hub = new Uri(value) },
                "--national" => options with { National = new Uri(value) },
                "--timeout-min" => options with { NationalTimeout = TimeSpan.FromMinutes(Positive(name, value)) },
                "--stall-min" => options with { NationalStall = TimeSpan.FromMinutes(Positive(name, value)) },
                _ => throw new ArgumentException($"unknown option {name}\n{Usage}"),
            };
        }
        return options;
    }

    private static int Positive(string name, string value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, not '{value}'");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
