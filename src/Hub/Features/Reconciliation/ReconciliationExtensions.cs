using EarTagTrace.Hub.Access;
using EarTagTrace.Mappings.Common;
using Quartz;

namespace EarTagTrace.Hub.Features.Reconciliation;

public static class ReconciliationExtensions
{
    /// <summary>
    /// China Standard Time for the nightly trigger. The clustered job store saves the zone's id and looks it up again,
    /// so it must be a system zone (Asia/Shanghai from tzdata); only without tzdata is it a fixed offset, which the
    /// in-memory store (the embedded default) can still use.
    /// </summary>
    internal static readonly TimeZoneInfo China = TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var zone)
        ? zone
        : TimeZoneInfo.CreateCustomTimeZone("CST+8", ChinaTime.Offset, "China Standard Time", "China Standard Time");

    public static IServiceCollection AddReconciliation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReconciliationOptions>().BindConfiguration(ReconciliationOptions.Section)
            .Validate(o => IsCron(o.Cron), $"{ReconciliationOptions.Section}:Cron is not a Quartz cron expression")
            .ValidateOnStart();
        services.AddScoped<Reconciler>();
        services.AddHostedService<ReconciliationRechecker>();
        var options = configuration.GetSection(ReconciliationOptions.Section).Get<ReconciliationOptions>() ?? new ReconciliationOptions();
        services.AddQuartz(q =>
        {
            q.AddJob<ReconcileNationalJob>(j => j.WithIdentity(ReconcileNationalJob.Key).StoreDurably());
            if (options.NightlyEnabled)
                q.AddTrigger(t => t.ForJob(ReconcileNationalJob.Key).WithIdentity("reconcile-national-nightly")
                    .WithCronSchedule(options.Cron, c => c.InTimeZone(China)));
        });
        return services;
    }

    private static bool IsCron(string text)
    {
        try
        {
            _ = new CronExpression(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static IEndpointRouteBuilder MapReconciliation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reconciliations").WithTags("Reconciliation 对账").RequireAuthorization(StaffPolicies.Desk);
        group.MapPost("/", StartReconciliation.HandleAsync).RequireAuthorization(StaffPolicies.Engineer)
            .WithSummary("Compare the hub's delivered items with the national cloud platform per type, county and day now (engineer, audited; { from, to, type?, county? }); mismatched days are sent again and checked again.");
        group.MapGet("/", ListReconciliations.HandleAsync)
            .WithSummary("The latest check per type, county and day in a range, with counts matched, mismatched (repairing), repaired, still mismatched, failed.");
        return app;
    }
}
