using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Hub.Messaging;
using Quartz;

namespace EarTagTrace.Hub.Scheduling;

public static class SchedulingExtensions
{
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<FarmRegistryPuller>();
        var registry = configuration.GetSection(FarmRegistryOptions.Section).Get<FarmRegistryOptions>() ?? new FarmRegistryOptions();
        var scheduling = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        services.AddQuartz(q =>
        {
            // Every hub shares one scheduler name: clustered schedulers find each other by it in the qrtz_ tables.
            var instanceId = HubIdentity.From(configuration).Id;
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "eartag-hub";
                // The hub's own instance id, so the scheduler that holds a job is the hub that holds outbox claims.
                if (scheduling.Clustered) o.InstanceId = instanceId;
            });
            if (scheduling.Clustered)
            {
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(configuration.GetConnectionString("Hub")!);
                    s.UseSystemTextJsonSerializer();
                    s.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(scheduling.CheckinSeconds);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(scheduling.CheckinMisfireSeconds);
                    });
                });
            }
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
