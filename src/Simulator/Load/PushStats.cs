namespace EarTagTrace.Simulator.Load;

/// <summary>Outcome of a push run: batches the hub accepted (code 0), refused (4xx / non-zero code), failed (5xx or transport).</summary>
public sealed record PushStats(int AcceptedBatches, int RefusedBatches, int FailedBatches, long Records, long AcceptedRecords, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? AcceptedRecords / Elapsed.TotalSeconds : 0;

    /// <summary>Time from sending to the answer of each accepted batch, in ms, ascending (for percentiles).</summary>
    public double[] AcceptedBatchMs { get; init; } = [];

    /// <summary>The latency below which a share <paramref name="p"/> of accepted batches were answered; NaN without any.</summary>
    public double BatchPercentileMs(double p)
        => AcceptedBatchMs.Length == 0
            ? double.NaN
            : AcceptedBatchMs[Math.Clamp((int)Math.Ceiling(p * AcceptedBatchMs.Length) - 1, 0, AcceptedBatchMs.Length - 1)];

    public override string ToString()
        => $"batches accepted {AcceptedBatches}, refused {RefusedBatches}, failed {FailedBatches}; "
           + $"records sent {Records}, accepted {AcceptedRecords}; elapsed {Elapsed.TotalSeconds:F1} s ({RecordsPerSecond:F0} records/s)";
}
