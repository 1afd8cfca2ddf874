namespace EarTagTrace.Simulator.Djet;

/// <summary>
/// Faults 动监e通 injects into the hub's calls (POST /__sim/faults on the 动监e通 simulator takes this JSON, camelCase), like
/// the national platforms' <see cref="National.FaultSettings"/>. Rates are probabilities per call; <see cref="Script"/>
/// entries answer the next calls in order, before any rate. Faults apply after the signature check.
/// </summary>
public sealed record DjetFaultSettings
{
    public double Rate503 { get; init; }
    public double Rate429 { get; init; }
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>HTTP 200 with business code 5000 busy 系统繁忙: nothing applied.</summary>
    public double Rate5000 { get; init; }

    /// <summary>
    /// Farm codes (yzcbm, for yzc-sync) or county codes (xzqhdm, for county-feature) whose call is refused with HTTP 400
    /// and code 4003: 动监e通 answers a call as a whole, so the whole call is refused and nothing of it kept.
    /// </summary>
    public IReadOnlyList<string> RejectIds { get; init; } = [];

    public int LatencyMs { get; init; }

    /// <summary>Deterministic answers for the next calls: a 3-digit HTTP status ("429", "503", "401", "500"), or a
    /// 4-digit business code answered with HTTP 200 ("5000").</summary>
    public IReadOnlyList<string> Script { get; init; } = [];
}
