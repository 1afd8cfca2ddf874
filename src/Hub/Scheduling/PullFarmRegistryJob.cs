using Quartz;

namespace EarTagTrace.Hub.Scheduling;

/// <summary>Quartz job around <see cref="FarmRegistryPuller"/>; never two pulls at once.</summary>
[DisallowConcurrentExecution]
public sealed class PullFarmRegistryJob(FarmRegistryPuller puller, ILogger<PullFarmRegistryJob> log) : IJob
{
    public static readonly JobKey Key = new("pull-farm-registry", "partners");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await puller.RunOnceAsync(cancellationToken);
        log.LogInformation("Registry pull: {Pages} page(s), {Rows} row(s), completed {Completed}{Error}",
            result.Pages, result.Rows, result.Completed, result.Error is null ? "" : ", stopped: " + result.Error);
    }
}
