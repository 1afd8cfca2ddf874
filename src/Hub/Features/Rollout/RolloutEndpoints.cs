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
        group.MapPost("/counties/{code}/start-reports", CountyStartReports.ReportAsync).RequireAuthorization(Access.StaffPolicies.Clerk)
            .WithSummary("上报启用时间: a county-scope clerk reports the date the county will start { startDate: yyyy-MM-dd, note? }; a new report replaces a pending one; audited.")
            .Produces<CountyStartReports.StartReportView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        group.MapGet("/start-reports", CountyStartReports.ListAsync)
            .WithSummary("Start-date reports in the caller's scope, newest first; county= and status=pending|approved|refused|superseded narrow it.");
        group.MapPost("/start-reports/{id:long}/approve", CountyStartReports.ApproveAsync).RequireAuthorization(Access.StaffPolicies.Admin)
            .WithSummary("The province approves a pending report { reason? }: the county is switched on from the reported date (动监e通 is told); audited.")
            .Produces<CountyStartReports.StartReportView>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        group.MapPost("/start-reports/{id:long}/refuse", CountyStartReports.RefuseAsync).RequireAuthorization(Access.StaffPolicies.Admin)
            .WithSummary("The province refuses a pending report { reason } (required); audited.")
            .Produces<CountyStartReports.StartReportView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return app;
    }
}
