using EarTagTrace.Mappings.Common;
using Quartz;

namespace EarTagTrace.Hub.Features.Reconciliation;

/// <summary>Nightly: yesterday (China time), every type, every county the hub delivered something for.</summary>
[DisallowConcurrentExecution]
public sealed class ReconcileNationalJob(Reconciler reconciler, TimeProvider time, ILogger<ReconcileNationalJob> log) : IJob
{
    public static readonly JobKey Key = new("reconcile-national");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var yesterday = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(ChinaTime.Offset).DateTime).AddDays(-1);
        var checks = await reconciler.RunAsync(yesterday, yesterday, [.. Reconciler.AllTypes.Keys], null, null, cancellationToken);
        log.LogInformation("Reconciled {Day}: {Checks} county-days, {Mismatched} mismatched", yesterday, checks.Count,
            checks.Count(c => c.State != Persistence.ReconciliationState.Matched));
    }
}

/// <summary>Checks mismatched days again once the items they sent again are delivered.</summary>
public sealed class ReconciliationRechecker(IServiceScopeFactory scopes, IOptions<ReconciliationOptions> options, ILogger<ReconciliationRechecker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.RecheckSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Reconciler>().RecheckAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Reconciliation recheck failed; trying again next round");
            }
        }
    }
}
