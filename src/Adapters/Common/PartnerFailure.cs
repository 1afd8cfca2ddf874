using System.Net.Sockets;
using EarTagTrace.Mappings.NationalCloud;
using Polly;
using Refit;

namespace EarTagTrace.Adapters.Common;

/// <summary>
/// Classifies what is left after the resilience pipeline gave up. What a caller of the Refit clients can see:
/// <list type="bullet">
/// <item>an answer: a national <see cref="NationalAnswer"/> still carrying code 5000 (busy) when every retry was busy, or 2001 rejections (final);</item>
/// <item><see cref="ApiException"/>: the last non-2xx answer (429/503/5xx after retries, or 4xx such as 400/401 at once);</item>
/// <item><see cref="ApiRequestException"/> (Refit 16 wraps whatever HttpClient threw) whose InnerException is
/// <see cref="HttpRequestException"/> (connection refused/reset, token endpoint failed),
/// <see cref="Polly.Timeout.TimeoutRejectedException"/> (attempt or total timeout),
/// <see cref="Polly.CircuitBreaker.BrokenCircuitException"/> (breaker open, nothing sent)
/// or <see cref="OperationCanceledException"/> (the caller cancelled).</item>
/// </list>
/// Transient → deliver again later; anything else → mark failed for an engineer.
/// </summary>
public static class PartnerFailure
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        ApiRequestException { InnerException: { } inner } => IsTransient(inner),
        // A 401 that outlived the one token refresh is the platform's token service out of step with its API,
        // not a bad item: deliver again later with a new token rather than give the items up.
        ApiException { StatusCode: System.Net.HttpStatusCode.Unauthorized } => true,
        ApiException api => PartnerResilience.IsTransientStatus(api.StatusCode),
        HttpRequestException http => http.StatusCode is null || PartnerResilience.IsTransientStatus(http.StatusCode.Value),
        // Timeout, open breaker, rate limiter: the partner may well answer later.
        ExecutionRejectedException => true,
        SocketException or IOException => true,
        // HttpClient reports its own timeout as a TaskCanceledException wrapping a TimeoutException.
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    /// <summary>An answer that should be sent again later as a whole (busy, or a token fault the one refresh did not cure).</summary>
    public static bool IsTransient(NationalAnswer answer) =>
        answer.Code is NationalCodes.Busy or NationalCodes.TokenInvalid;
}
