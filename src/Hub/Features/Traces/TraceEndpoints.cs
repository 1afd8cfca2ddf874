using EarTagTrace.Hub.Access;
using EarTagTrace.Mappings.Common;
using Quartz;

namespace EarTagTrace.Hub.Features.Traces;

public static class TraceEndpoints
{
    /// <summary>China Standard Time for the nightly trigger: the system zone when tzdata has it (the clustered job store
    /// saves its id), else a fixed offset.</summary>
    private static readonly TimeZoneInfo China = TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var zone)
        ? zone
        : TimeZoneInfo.CreateCustomTimeZone("CST+8", ChinaTime.Offset, "China Standard Time", "China Standard Time");

    public static IServiceCollection AddTraces(this IServiceCollection services) => services.AddSingleton<TraceSql>();

    /// <summary>The nightly trace drill (Quartz, China time) and the runner behind it and POST /api/trace-drills.</summary>
    public static IServiceCollection AddTraceDrills(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TraceDrillOptions>().BindConfiguration(TraceDrillOptions.Section)
            .Validate(o => IsCron(o.Cron), $"{TraceDrillOptions.Section}:Cron is not a Quartz cron expression")
            .Validate(o => o.TagsPerCounty is >= 1 and <= 1000, $"{TraceDrillOptions.Section}:TagsPerCounty is between 1 and 1000")
            .Validate(o => StartTrace.Check(new StartTrace.Request("x", o.Days, o.Depth)) is null,
                $"{TraceDrillOptions.Section}:Days (1-{StartTrace.MaxDays}) or Depth (0-{StartTrace.MaxDepth}) is out of range")
            .ValidateOnStart();
        services.AddScoped<TraceDrills>();
        var options = configuration.GetSection(TraceDrillOptions.Section).Get<TraceDrillOptions>() ?? new TraceDrillOptions();
        services.AddQuartz(q =>
        {
            q.AddJob<TraceDrillJob>(j => j.WithIdentity(TraceDrillJob.Key).StoreDurably());
            if (options.NightlyEnabled && IsCron(options.Cron))
                q.AddTrigger(t => t.ForJob(TraceDrillJob.Key).WithIdentity("trace-drill-nightly")
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

    public static IEndpointRouteBuilder MapTraces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/traces").WithTags("Outbreak trace 疫情追溯").RequireAuthorization(StaffPolicies.Trace);
        // The answer is written as bytes already serialized (stored and sent alike), which the description's reading of
        // the handler cannot type: it is the TraceView.
        group.MapPost("/", StartTrace.HandleAsync).Produces<TraceView>(StatusCodes.Status201Created)
            .WithSummary("疫情追溯 from a tag, farm code or certificate number {start, days = 30, depth = 2}: places (back), co-residents 同群, movements (forward), tasks per county. Audited; 201.");
        group.MapGet("/{id:long}", GetTrace.HandleAsync).WithSummary("A stored trace, as first answered.");
        group.MapGet("/{id:long}/tasks.xlsx", GetTraceTasksSheet.HandleAsync)
            .WithSummary("追溯排查任务表: one worksheet per county, one row per place to visit with contacts and tags to check.");

        var drills = app.MapGroup("/api/trace-drills").WithTags("Outbreak trace 疫情追溯");
        drills.MapGet("/", ListTraceDrills.HandleAsync).RequireAuthorization(StaffPolicies.Read)
            .WithSummary("追溯演练 the nightly drills per county in your region (?county=&from=&to=, China days): tags traced, chains complete, gaps by kind, time taken.");
        drills.MapPost("/", ListTraceDrills.StartAsync).RequireAuthorization(StaffPolicies.Engineer)
            .WithSummary("Run the drill now for one county or all ({county?}); audited.");
        return app;
    }
}
