using EarTagTrace.Adapters.FarmRegistry;
using Quartz;

namespace EarTagTrace.Hub.Scheduling;

public static class SchedulingExtensions
{
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<FarmRegistryPuller>();
        var registry = configuration.GetSection(FarmRegistryOptions.Section).Get<FarmRegistryOptions>() ?? new FarmRegistryOptions();
        services.AddQuartz(q =>
        {
            q.AddJob<PullFarmRegistryJob>(j => j.WithIdentity(PullFarmRegistryJob.Key).StoreDurably());
            if (registry.PullEnabled)
            {
                q.AddTrigger(t => t.ForJob(PullFarmRegistryJob.Key).WithIdentity("pull-farm-registry-interval")
                    .StartAt(DateTimeOffset.UtcNow.AddSeconds(5))
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(registry.PullIntervalSeconds)).RepeatForever()));
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
