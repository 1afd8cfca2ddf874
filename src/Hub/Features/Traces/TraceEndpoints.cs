using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.Traces;

public static class TraceEndpoints
{
    public static IServiceCollection AddTraces(this IServiceCollection services) => services.AddSingleton<TraceSql>();

    public static IEndpointRouteBuilder MapTraces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/traces").WithTags("Outbreak trace 疫情追溯").RequireAuthorization(StaffPolicies.Trace);
        group.MapPost("/", StartTrace.HandleAsync)
            .WithSummary("疫情追溯 from a tag, farm code or certificate number {start, days = 30, depth = 2}: places (back), co-residents 同群, movements (forward), tasks per county. Audited; 201.");
        group.MapGet("/{id:long}", GetTrace.HandleAsync).WithSummary("A stored trace, as first answered.");
        group.MapGet("/{id:long}/tasks.xlsx", GetTraceTasksSheet.HandleAsync)
            .WithSummary("追溯排查任务表: one worksheet per county, one row per place to visit with contacts and tags to check.");
        return app;
    }
}
