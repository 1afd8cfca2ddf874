using Quartz;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>Nightly: every county with farms gets its sample of tags traced and its chain gaps counted.</summary>
[DisallowConcurrentExecution]
public sealed class TraceDrillJob(TraceDrills drills) : IJob
{
    public static readonly JobKey Key = new("trace-drill");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await drills.RunAsync(null, cancellationToken);
}
