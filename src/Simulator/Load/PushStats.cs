namespace EarTagTrace.Simulator.Load;

/// <summary>Outcome of a push run: batches the hub accepted (code 0), refused (4xx / non-zero code), failed (5xx or transport).</summary>
public sealed record PushStats(int AcceptedBatches, int RefusedBatches, int FailedBatches, long Records, long AcceptedRecords, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? AcceptedRecords / Elapsed.TotalSeconds : 0;

    public override string ToString()
        => $"batches accepted {AcceptedBatches}, refused {RefusedBatches}, failed {FailedBatches}; "
           + $"records sent {Records}, accepted {AcceptedRecords}; elapsed {Elapsed.TotalSeconds:F1} s ({RecordsPerSecond:F0} records/s)";
}
