using EarTagTrace.Adapters.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace EarTagTrace.Hub.Health;

/// <summary>
/// Degraded, never unhealthy, while a partner's circuit breaker is open or probing: the hub still accepts and stores
/// every message and its deliveries wait in the outbox, so a load balancer must keep sending to it (503 would take a
/// working hub out of rotation because a partner is down), while the engineer on call sees which partner is down.
/// </summary>
public sealed class PartnerBreakerHealthCheck(PartnerBreakers breakers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var states = breakers.States();
        var notClosed = states.Where(s => s.Value != CircuitState.Closed)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{s.Key} {s.Value.ToString().ToLowerInvariant()}")
            .ToList();
        var data = states.ToDictionary(s => s.Key, s => (object)s.Value.ToString());
        return Task.FromResult(notClosed.Count == 0
            ? HealthCheckResult.Healthy("partner circuit breakers closed", data)
            : HealthCheckResult.Degraded($"degraded: circuit breaker {string.Join(", ", notClosed)}; deliveries wait in the outbox", data: data));
    }
}
