using System.Diagnostics;

namespace EarTagTrace.Bench;

public enum OpResult { Ok, Refused, Failed }

/// <summary>What one timed phase did: completed operations by outcome, the latency of the expected ones, and time.</summary>
public sealed record PhaseResult(string Name, int Clients, long Ok, long Refused, long Failed, TimeSpan Elapsed, double[] SortedMs, string? FirstError)
{
    public double PerSecond => Elapsed.TotalSeconds > 0 ? Ok / Elapsed.TotalSeconds : 0;
    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);

    private double Percentile(double p)
    {
        if (SortedMs.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * SortedMs.Length) - 1;
        return SortedMs[Math.Clamp(rank, 0, SortedMs.Length - 1)];
    }

    public override string ToString() =>
        $"{Name} x{Clients}: {Ok:N0} ok, {Refused:N0} refused, {Failed:N0} failed in {Elapsed.TotalSeconds:F1} s = {PerSecond:N1}/s, p50 {P50:F1} ms, p99 {P99:F1} ms"
        + (FirstError is null ? "" : $"  (first failure: {FirstError})");
}

/// <summary>
/// Runs one operation from N concurrent clients for a fixed time (or until the operation says its pool is empty),
/// timing each call. An operation answers what happened; only <see cref="OpResult.Ok"/> ones count as throughput
/// and latency, the others are counted beside them.
/// </summary>
public static class Load
{
    /// <summary>An operation: null when there is nothing left to do; otherwise its outcome and, for failures, why.</summary>
    public delegate Task<(OpResult Result, string? Error)?> Operation(Random rng, CancellationToken ct);

    public static async Task<PhaseResult> RunAsync(string name, int clients, TimeSpan duration, int seed, Operation op, CancellationToken ct)
    {
        var latencies = new List<double>[clients];
        long ok = 0, refused = 0, failed = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var rng = new Random(seed * 131 + c);
            var mine = latencies[c] = new List<double>(4096);
            while (clock.Elapsed < duration && !ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                (OpResult Result, string? Error)? outcome;
                try
                {
                    outcome = await op(rng, ct);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
                {
                    outcome = (OpResult.Failed, e.GetBaseException().Message);
                }
                if (outcome is not { } o) return;
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                switch (o.Result)
                {
                    case OpResult.Ok:
                        Interlocked.Increment(ref ok);
                        mine.Add(ms);
                        break;
                    case OpResult.Refused:
                        Interlocked.Increment(ref refused);
                        break;
                    default:
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstError, o.Error ?? "?", null);
                        break;
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.Where(l => l is not null).SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new PhaseResult(name, clients, ok, refused, failed, elapsed, all, firstError);
    }
}
