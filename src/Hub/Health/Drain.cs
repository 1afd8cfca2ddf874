using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EarTagTrace.Hub.Health;

/// <summary>Drain settings (section "Drain"): how an instance asked to stop (SIGTERM) hands over before it exits.</summary>
public sealed class DrainOptions
{
    public const string Section = "Drain";

    /// <summary>
    /// Longest wait for the requests in flight to finish; what is still running then is cut off by the server's stop.
    /// The host's shutdown timeout is set above it (plus the time the bus, Quartz and the sign-off need).
    /// </summary>
    [Range(0, 600)] public int TimeoutSeconds { get; set; } = 25;

    /// <summary>
    /// Shortest drain: readiness reports not ready (and new calls get 503) for at least this long, so a load balancer
    /// or the launcher that polls /health/ready sees it before the listener closes and callers would get a refused
    /// connection instead of an answer.
    /// </summary>
    [Range(0, 60)] public int MinimumSeconds { get; set; } = 2;

    /// <summary>Retry-After (seconds) on the 503 HUB_DRAINING answer: about the time a restarted instance needs.</summary>
    [Range(1, 600)] public int RetryAfterSeconds { get; set; } = 5;
}

/// <summary>
/// The drain state of this instance: whether it is draining and how many requests are in flight. A request is counted
/// before the flag is read, so the drain's wait for zero never misses one that got past the check.
/// </summary>
public sealed class HubDrain
{
    private int _inFlight;
    private volatile bool _draining;

    public bool Draining => _draining;
    public int InFlight => Volatile.Read(ref _inFlight);
    /// <summary>Calls answered 503 HUB_DRAINING since this process started (logged when it stops).</summary>
    public long Refused => Interlocked.Read(ref _refused);
    private long _refused;

    public void Begin() => _draining = true;
    internal void Enter() => Interlocked.Increment(ref _inFlight);
    internal void Leave() => Interlocked.Decrement(ref _inFlight);
    internal void CountRefused() => Interlocked.Increment(ref _refused);
}

/// <summary>
/// 排空 (drain): while this instance stops, every call except health and metrics is answered 503 HUB_DRAINING with
/// Retry-After, so a partner resends it to another instance (or to this one once it is back) instead of reading a
/// refused connection or a cut-off answer as a failure. Nothing of such a call was applied.
/// </summary>
public sealed class DrainMiddleware(RequestDelegate next, HubDrain drain, IOptions<DrainOptions> options)
{
    public const string Code = "HUB_DRAINING";

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
        {
            await next(http);
            return;
        }
        drain.Enter();
        try
        {
            if (drain.Draining)
            {
                drain.CountRefused();
                http.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.Headers.Connection = "close";
                await Edge.ProblemWriter.WriteAsync(http.Response, StatusCodes.Status503ServiceUnavailable, Code,
                    "this hub instance is stopping (rolling restart); nothing was applied, send the message again after Retry-After");
                return;
            }
            await next(http);
        }
        finally
        {
            drain.Leave();
        }
    }
}

/// <summary>Not ready while draining, so the launcher and load balancers take this instance out of rotation.</summary>
public sealed class DrainHealthCheck(HubDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(drain.Draining
            ? HealthCheckResult.Unhealthy($"draining: stopping, {drain.InFlight} request(s) in flight")
            : HealthCheckResult.Healthy("serving"));
}

/// <summary>
/// Runs the drain when the host is asked to stop (SIGTERM, Ctrl-C, systemctl stop): StoppingAsync comes before any
/// hosted service stops, the web server included, so the listener still answers (503) while in-flight requests finish.
/// Then the host stops the rest in reverse order: the server, Quartz (waiting for a running job), the bus (waiting for
/// the deliveries it consumes), the outbox relay, and last the heartbeat, which hands this instance's outbox claims back
/// and signs off so another instance takes them at once.
/// </summary>
public sealed class DrainService(HubDrain drain, IOptions<DrainOptions> options, ILogger<DrainService> log) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        drain.Begin();
        var clock = Stopwatch.StartNew();
        log.LogInformation("Draining: new calls get 503 {Code}; waiting up to {Timeout} s for {InFlight} request(s) in flight",
            DrainMiddleware.Code, o.TimeoutSeconds, drain.InFlight);
        var minimum = TimeSpan.FromSeconds(Math.Min(o.MinimumSeconds, o.TimeoutSeconds));
        var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        try
        {
            while (clock.Elapsed < timeout && (drain.InFlight > 0 || clock.Elapsed < minimum))
                await Task.Delay(50, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's own shutdown timeout ran out first: stop anyway.
        }
        if (drain.InFlight > 0)
            log.LogWarning("Drain timeout ({Timeout} s) reached with {InFlight} request(s) still in flight; stopping anyway", o.TimeoutSeconds, drain.InFlight);
        else
            log.LogInformation("Drained in {Seconds:F1} s; {Refused} call(s) answered 503 {Code}", clock.Elapsed.TotalSeconds, drain.Refused, DrainMiddleware.Code);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class DrainExtensions
{
    public static IServiceCollection AddDrain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DrainOptions>().BindConfiguration(DrainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HubDrain>();
        services.AddHostedService<DrainService>();
        services.AddHealthChecks().AddCheck<DrainHealthCheck>("drain", tags: ["ready"]);
        // The drain, then the server, Quartz, the bus, the relay and the sign-off must all fit in the host's stop.
        var drain = configuration.GetSection(DrainOptions.Section).Get<DrainOptions>() ?? new DrainOptions();
        services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(drain.TimeoutSeconds + 30));
        return services;
    }

    /// <summary>First in the pipeline: a refused call touches nothing else, and every other one is counted in flight.</summary>
    public static IApplicationBuilder UseDrain(this IApplicationBuilder app) => app.UseMiddleware<DrainMiddleware>();
}
