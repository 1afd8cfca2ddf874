using EarTagTrace.Hub.Scheduling;
using Quartz;

namespace EarTagTrace.Hub.Features.Jobs;

public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/jobs").WithTags("Jobs 定时任务")
            .MapPost("/pull-farm-registry", async (ISchedulerFactory schedulers, Persistence.HubDbContext db, Access.StaffScope scope,
                TimeProvider time, CancellationToken ct) =>
            {
                var scheduler = await schedulers.GetScheduler(ct);
                await scheduler.TriggerJob(PullFarmRegistryJob.Key, ct);
                Access.AuditLog.Add(db, scope, "job.trigger", PullFarmRegistryJob.Key.ToString(), null, null, time.GetUtcNow());
                await db.SaveChangesAsync(ct);
                return Results.Accepted(value: new { job = PullFarmRegistryJob.Key.ToString(), triggered = true });
            })
            .RequireAuthorization(Access.StaffPolicies.Engineer)
            .WithSummary("Run the incremental registry pull now instead of waiting for its interval (engineer; audited).");
        return app;
    }
}
