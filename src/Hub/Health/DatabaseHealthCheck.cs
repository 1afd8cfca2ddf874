using EarTagTrace.Hub.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EarTagTrace.Hub.Health;

/// <summary>Ready only when PostgreSQL answers and every migration of this build is applied.</summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            if (!await db.Database.CanConnectAsync(ct))
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer");
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("PostgreSQL answers; migrations applied")
                : HealthCheckResult.Unhealthy($"migrations not applied: {string.Join(", ", pending)}");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL check failed", e);
        }
    }
}
