using System.Globalization;
using System.Threading.RateLimiting;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
using Microsoft.AspNetCore.RateLimiting;

namespace EarTagTrace.Hub.Edge;

/// <summary>
/// ASP.NET Core's rate limiter, one token bucket per partner appKey, per staff account and per client address for
/// calls without an identity. Over the limit: 429 with Retry-After and a reason.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section).ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptionsMonitor<LimitOptions>>().CurrentValue;
                var (key, perSecond) = Partition(http, limits);
                return perSecond <= 0
                    ? RateLimitPartition.GetNoLimiter(key)
                    : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = perSecond * 2,
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                ctx.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ProblemWriter.WriteAsync(ctx.HttpContext.Response, StatusCodes.Status429TooManyRequests,
                    "RATE_LIMITED", $"too many requests from {Partition(ctx.HttpContext, null).Key}; retry after {retryAfter} s");
            };
        });
        return services;
    }

    private static bool KnownAppKey(HttpContext http, string appKey)
    {
        var credentials = http.RequestServices.GetRequiredService<IPartnerCredentials>();
        foreach (var partner in (string[])[PartnerNames.FarmRegistry, PartnerNames.Djet])
        {
            var secret = credentials.SecretForAsync(partner, appKey, http.RequestAborted);
            if (secret.IsCompletedSuccessfully && secret.Result is not null) return true;
        }
        return false;
    }

    private static (string Key, int PerSecond) Partition(HttpContext http, LimitOptions? limits)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/bench"))
            return ("open", 0);
        // Only a configured appKey gets a partner's allowance: a made-up one per request would dodge the address limit.
        if (path.StartsWithSegments("/adapters") && http.Request.Headers["appKey"].ToString() is { Length: > 0 and <= 64 } appKey
            && KnownAppKey(http, appKey))
            return ("partner " + appKey, limits?.PartnerPerSecond ?? 0);
        if (http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(StaffClaims.Name)?.Value is { } user)
            return ("account " + user, limits?.StaffPerSecond ?? 0);
        return ("address " + http.Connection.RemoteIpAddress, limits?.AnonymousPerSecond ?? 0);
    }
}
