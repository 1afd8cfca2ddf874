using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace EarTagTrace.Adapters.Common;

/// <summary>
/// The one resilience pipeline of outbound partner calls, outer to inner: total timeout → retry → circuit breaker →
/// attempt timeout. Added with <c>AddResilienceHandler</c> before the signing/auth handlers so those run inside every
/// attempt (fresh signature timestamp, fresh token).
/// </summary>
public static class PartnerResilience
{
    /// <param name="retryOnBusyCode">
    /// National platforms answer "busy" as HTTP 200 with business code 5000; only their clients look into the body.
    /// </param>
    public static IHttpClientBuilder AddPartnerResilience<TOptions>(
        this IHttpClientBuilder builder, string pipelineName, Func<IServiceProvider, TOptions> options, bool retryOnBusyCode)
        where TOptions : PartnerHttpOptions
    {
        builder.Services.TryAddSingleton<PartnerBreakers>();
        builder.AddResilienceHandler(pipelineName, (pipeline, context) =>
        {
            var o = options(context.ServiceProvider);
            pipeline.AddTimeout(TimeSpan.FromSeconds(o.TotalTimeoutSeconds));

            if (o.RetryCount > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = o.RetryCount,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(o.RetryBaseDelayMs),
                    // 429 and 503 carry Retry-After; the partner's number wins over our backoff.
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ShouldRetryAsync(args.Outcome, retryOnBusyCode, args.Context.CancellationToken),
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(o.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(o.BreakerBreakSeconds),
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, retryOnBusyCode, args.Context.CancellationToken),
                StateProvider = context.ServiceProvider.GetRequiredService<PartnerBreakers>().Track(pipelineName),
            });

            pipeline.AddTimeout(TimeSpan.FromSeconds(o.TimeoutSeconds));
        });
        return builder;
    }

    /// <summary>Transient transport faults, plus the national "busy" code; never 2001 (item rejected) or 4xx other than 408/429.</summary>
    internal static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome, bool retryOnBusyCode, CancellationToken cancellationToken)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }
        var response = outcome.Result;
        if (response is null)
        {
            return false;
        }
        if (IsTransientStatus(response.StatusCode))
        {
            return true;
        }
        return retryOnBusyCode
            && await NationalEnvelope.ReadCodeAsync(response, cancellationToken) == EarTagTrace.Mappings.NationalCloud.NationalCodes.Busy;
    }

    internal static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
