using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.Replays;

public static class ReplayEndpoints
{
    public static IServiceCollection AddReplays(this IServiceCollection services)
    {
        services.AddSingleton<ReplayRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplayRunner>());
        return services;
    }

    public static IEndpointRouteBuilder MapReplays(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/replays").WithTags("Replays 重放").RequireAuthorization(StaffPolicies.Desk);
        group.MapPost("/", StartReplayRun.HandleAsync).RequireAuthorization(StaffPolicies.Engineer)
            .WithSummary("Replay every journal entry a filter matches, in the background (engineer; {filter, dryRun, reason, force}); answers 202 {id, total, warnings}.");
        group.MapGet("/{id:long}", GetReplayRun.HandleAsync)
            .WithSummary("A replay run's progress (done/total, accepted, refused, failed, skipped, state) and its results (after=, limit=); for a dry run, diff=true adds each entry's canonical diff against what the hub holds (not for viewers).");
        group.MapDelete("/{id:long}", CancelReplayRun.HandleAsync).RequireAuthorization(StaffPolicies.Engineer)
            .WithSummary("Stop a running replay run between two entries.");
        return app;
    }
}
