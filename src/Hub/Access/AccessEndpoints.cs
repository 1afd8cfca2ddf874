namespace EarTagTrace.Hub.Access;

public static class AccessEndpoints
{
    public static IEndpointRouteBuilder MapAccess(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in 登录");
        auth.MapPost("/login", Login.HandleAsync).AllowAnonymous()
            .WithSummary("Username and password for a bearer token { accessToken, tokenType: Bearer, expiresIn }; 401 with a reason otherwise.");
        auth.MapGet("/me", (StaffScope scope) => Results.Ok(new { username = scope.UserName, roles = scope.Roles, region = scope.Region }))
            .RequireAuthorization(StaffPolicies.Read).WithSummary("Who the token belongs to: username, roles, region scope.");

        var accounts = app.MapGroup("/api/accounts").WithTags("Staff accounts 账号").RequireAuthorization(StaffPolicies.Admin);
        accounts.MapGet("/", StaffAccounts.ListAsync).WithSummary("Staff accounts within the administrator's region.");
        accounts.MapGet("/{username}", StaffAccounts.GetAsync).WithSummary("One staff account.");
        accounts.MapPost("/", StaffAccounts.CreateAsync)
            .WithSummary("Create an account { username, password (≥ 12 characters), displayName, roles: [admin|engineer|approver|clerk|collector|viewer], region, thirdParty }; audited.");
        accounts.MapPatch("/{username}", StaffAccounts.UpdateAsync)
            .WithSummary("Change roles, display name, disable/enable, reset the password or unlock { displayName, roles, disabled, password, unlock }; old tokens stop working; audited.");

        var grants = app.MapGroup("/api/collector-authorisations").WithTags("Staff accounts 账号").RequireAuthorization(StaffPolicies.Clerk);
        grants.MapGet("/", CollectorAuthorisations.ListAsync).WithSummary("Authorisations of third-party collectors 第三方机构 in your region.");
        grants.MapPost("/", CollectorAuthorisations.GrantAsync)
            .WithSummary("A county authorises a third-party collector { username, region, agreementNo, agreementDate, expiresAt } under a confidentiality agreement 信息安全保密协议; audited.");
        grants.MapDelete("/{id:long}", CollectorAuthorisations.RevokeAsync)
            .WithSummary("Revoke an authorisation: the collector's tokens are refused at once; audited.");

        app.MapGet("/api/audit", ListAudit.HandleAsync).WithTags("Audit 审计").RequireAuthorization(StaffPolicies.Admin)
            .WithSummary("The append-only audit log by actor, action, target, region and time, newest first (before= pages).");
        return app;
    }
}
