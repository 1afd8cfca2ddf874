namespace EarTagTrace.Hub.Features.Rollout;

public static class RolloutEndpoints
{
    public static IEndpointRouteBuilder MapRollout(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rollout").WithTags("County rollout 县级启用");
        group.MapGet("/", GetRolloutReport.HandleAsync)
            .WithSummary("Per prefecture: counties with the new function in force and in use (first linked issuance and first certificate since the switch), the shares, the plan's milestones of asOf's year (default today, China date) judged on use, and the 6/30 preparation (complete farms, stock imported); region=22|2201 narrows it.")
            .Produces<GetRolloutReport.RolloutReport>().ProducesProblem(400);
        group.MapGet("/acceptance/{prefecture}", GetAcceptanceReport.HandleAsync)
            .WithSummary("The 11/30 验收 report of a prefecture: per county what it did and its verdict (通过 when in use by the last deadline) with the problems found; format=xlsx gives the sheet.")
            .Produces<GetAcceptanceReport.AcceptanceReport>().ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/counties/{code}", GetCountyRollout.HandleAsync)
            .WithSummary("A county's switch state and every switch before it, newest first.")
            .Produces<GetCountyRollout.CountyRolloutState>().ProducesProblem(404).ProducesProblem(422);
        group.MapPut("/counties/{code}", SwitchCounty.HandleAsync).RequireAuthorization(Access.StaffPolicies.Admin)
            .WithSummary("The province (admin) switches a county's new function on or off from a China date { enabled, since: yyyy-MM-dd, note? }; audited under the caller's account, and 动监e通 is told. The same state again changes nothing.")
            .Produces<SwitchCounty.SwitchResult>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        return app;
    }
}
