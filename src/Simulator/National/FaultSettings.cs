namespace EarTagTrace.Simulator.National;

/// <summary>
/// Faults a national platform injects into uploads (POST /__sim/faults takes the same JSON, camelCase).
/// Rates are probabilities per upload; <see cref="Script"/> entries answer the next uploads in order, before any rate.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>Random HTTP 503, like <see cref="Rate503"/> (kept as a separate knob for "any error" tests).</summary>
    public double ErrorRate { get; init; }
    public double Rate429 { get; init; }
    public int RetryAfterSeconds { get; init; } = 1;
    public double Rate503 { get; init; }

    /// <summary>HTTP 200 with business code 5000 busy 系统繁忙: nothing applied, retry later.</summary>
    public double Rate5000 { get; init; }

    /// <summary>HTTP 200 with business code 1001 token invalid: refresh the token and retry.</summary>
    public double Rate1001 { get; init; }

    /// <summary>Item ids (farmId for farms) always answered 2001 item invalid.</summary>
    public IReadOnlyList<string> RejectIds { get; init; } = [];

    /// <summary>Invalidates every token issued so far, once, when the settings are applied.</summary>
    public bool ExpireTokensNow { get; init; }

    /// <summary>Lifetime of tokens issued from now on; null keeps the configured one.</summary>
    public int? TokenLifetimeSeconds { get; init; }

    public int LatencyMs { get; init; }

    /// <summary>
    /// While set, POST /oauth/token answers this HTTP status (503, 500, …) instead of a token: the platform's login
    /// service down while its upload service is not, so a hub without a fresh token must wait rather than give up.
    /// </summary>
    public int? TokenStatus { get; init; }

    /// <summary>
    /// Item ids the platform "loses" the first time it accepts them: answered accepted, never stored, so reconciliation
    /// finds them missing; sent again (under a new request id) they are kept.
    /// </summary>
    public IReadOnlyList<string> LoseIds { get; init; } = [];

    /// <summary>Deterministic answers for the next uploads: "401", "429", "503", "5000", "1001" (any other 3-digit HTTP status works too).</summary>
    public IReadOnlyList<string> Script { get; init; } = [];
}
