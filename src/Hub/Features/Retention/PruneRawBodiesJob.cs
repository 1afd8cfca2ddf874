using Quartz;

namespace EarTagTrace.Hub.Features.Retention;

/// <summary>Quartz job around <see cref="RawBodyPruner"/>; never two prunes at once (they would only skip each other's rows).</summary>
[DisallowConcurrentExecution]
public sealed class PruneRawBodiesJob(RawBodyPruner pruner) : IJob
{
    public static readonly JobKey Key = new("prune-raw-bodies", "journal");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await pruner.PruneAsync(cancellationToken);
}

public static class RetentionExtensions
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        services.AddSingleton<RawBodyPruner>();
        var options = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();
        services.AddQuartz(q =>
        {
            q.AddJob<PruneRawBodiesJob>(j => j.WithIdentity(PruneRawBodiesJob.Key).StoreDurably());
            if (options.Enabled)
                q.AddTrigger(t => t.ForJob(PruneRawBodiesJob.Key).WithIdentity("prune-raw-bodies-interval")
                    .StartAt(DateTimeOffset.UtcNow.AddMinutes(1))
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(options.IntervalMinutes)).RepeatForever()));
        });
        return services;
    }
}
