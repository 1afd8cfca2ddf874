namespace EarTagTrace.Adapters.Common;

/// <summary>Transport settings every outbound partner client shares: where it is and how hard to try.</summary>
public abstract class PartnerHttpOptions
{
    public string BaseUrl { get; set; } = "";

    /// <summary>Timeout of one attempt.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Timeout of the whole call, all retries and their delays included.</summary>
    public int TotalTimeoutSeconds { get; set; } = 180;

    /// <summary>Retries after the first attempt; 0 switches retrying off.</summary>
    public int RetryCount { get; set; } = 5;

    /// <summary>First backoff delay; doubles per retry, with jitter, unless the partner sends Retry-After.</summary>
    public int RetryBaseDelayMs { get; set; } = 500;

    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerBreakSeconds { get; set; } = 15;

    /// <summary>Calls needed in the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 20;

    public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>Problems with these settings, each naming the full configuration key under <paramref name="section"/>.</summary>
    public virtual IEnumerable<string> Validate(string section)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{section}:BaseUrl must be an absolute http(s) URL, got '{BaseUrl}'";
        }
        if (TimeoutSeconds is < 1 or > 3600)
        {
            yield return $"{section}:TimeoutSeconds must be 1..3600, got {TimeoutSeconds}";
        }
        if (TotalTimeoutSeconds < TimeoutSeconds || TotalTimeoutSeconds > 86400)
        {
            yield return $"{section}:TotalTimeoutSeconds must be at least TimeoutSeconds ({TimeoutSeconds}) and at most 86400, got {TotalTimeoutSeconds}";
        }
        if (RetryCount is < 0 or > 100)
        {
            yield return $"{section}:RetryCount must be 0..100, got {RetryCount}";
        }
        if (RetryBaseDelayMs is < 0 or > 600_000)
        {
            yield return $"{section}:RetryBaseDelayMs must be 0..600000, got {RetryBaseDelayMs}";
        }
        if (BreakerFailureRatio is <= 0 or > 1)
        {
            yield return $"{section}:BreakerFailureRatio must be in (0, 1], got {BreakerFailureRatio}";
        }
        if (BreakerBreakSeconds is < 1 or > 86400)
        {
            yield return $"{section}:BreakerBreakSeconds must be 1..86400, got {BreakerBreakSeconds}";
        }
        if (BreakerMinimumThroughput < 2)
        {
            yield return $"{section}:BreakerMinimumThroughput must be at least 2, got {BreakerMinimumThroughput}";
        }
        if (BreakerSamplingSeconds is < 1 or > 86400)
        {
            yield return $"{section}:BreakerSamplingSeconds must be 1..86400, got {BreakerSamplingSeconds}";
        }
    }

    protected static IEnumerable<string> Required(string section, string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? [$"{section}:{name} is required"] : [];
}
