using EarTagTrace.Hub.Persistence;
using Microsoft.AspNetCore.Identity;

namespace EarTagTrace.Hub.Access;

/// <summary>
/// /api/collector-authorisations: a county (clerk or admin) authorises a third-party collector 第三方机构 to collect
/// in its region, under a signed confidentiality agreement 信息安全保密协议, until a date. Revoking, or the date
/// passing, refuses the collector's tokens at once (<see cref="StaffAccountGate"/>).
/// </summary>
public static class CollectorAuthorisations
{
    public sealed record GrantRequest(string? Username, string? Region, string? AgreementNo, string? AgreementDate, DateTimeOffset? ExpiresAt);

    public sealed record AuthorisationView(long Id, string Username, string Region, string AgreementNo, DateOnly AgreementDate,
        DateTimeOffset ExpiresAt, string AuthorisedBy, DateTimeOffset AuthorisedAt, DateTimeOffset? RevokedAt, string? RevokedBy, bool Live);

    public static async Task<IResult> ListAsync(HubDbContext db, StaffScope scope, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await (from a in db.CollectorAuthorisations.AsNoTracking()
                          join u in db.Users.AsNoTracking() on a.AccountId equals u.Id
                          where a.RegionCode.StartsWith(scope.Region)
                          orderby a.Id descending
                          select new { a, u.UserName }).ToListAsync(ct);
        return Results.Ok(new { items = rows.Select(r => View(r.a, r.UserName!, now)) });
    }

    public static async Task<IResult> GrantAsync(GrantRequest? body, UserManager<StaffAccount> users, HubDbContext db,
        RegionDirectory regions, StaffScope scope, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Username) || body.Region is null || string.IsNullOrWhiteSpace(body.AgreementNo)
            || body.AgreementDate is null || body.ExpiresAt is null)
            return Results.Problem(statusCode: 400, title: "AUTHORISATION_FIELDS_MISSING",
                detail: "username, region, agreementNo, agreementDate (yyyy-MM-dd) and expiresAt are required");
        if (!DateOnly.TryParseExact(body.AgreementDate, "yyyy-MM-dd", out var agreementDate))
            return Results.Problem(statusCode: 400, title: "AGREEMENT_DATE_INVALID", detail: "agreementDate is yyyy-MM-dd");
        if (body.AgreementNo.Length > 64)
            return Results.Problem(statusCode: 400, title: "AGREEMENT_NO_INVALID", detail: "agreementNo is at most 64 characters");
        if (WhoMayAuthorise(scope.Roles, scope.Region) is { } notCounty)
            return Results.Problem(statusCode: 403, title: notCounty.Code, detail: notCounty.Detail);
        if (await StaffAccounts.RegionProblemAsync(body.Region, regions, ct) is { } regionProblem) return regionProblem;
        if (body.Region.Length < 6)
            return Results.Problem(statusCode: 400, title: "REGION_TOO_WIDE", detail: "a third party is authorised for a county or a township");
        if (scope.RefuseWrite(body.Region, "the authorised region") is { } outside) return outside;
        var now = time.GetUtcNow();
        if (body.ExpiresAt <= now)
            return Results.Problem(statusCode: 422, title: "EXPIRY_IN_PAST", detail: "expiresAt must be in the future");

        var account = await users.FindByNameAsync(body.Username.Trim());
        if (account is null || !account.ThirdParty || !account.Roles.Contains(StaffRoles.Collector))
            return Results.Problem(statusCode: 404, title: "COLLECTOR_UNKNOWN",
                detail: $"no third-party collector account {body.Username}; the administrator creates it with thirdParty: true");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var grant = new CollectorAuthorisation
        {
            AccountId = account.Id, RegionCode = body.Region, AgreementNo = body.AgreementNo.Trim(), AgreementDate = agreementDate,
            ExpiresAt = body.ExpiresAt.Value, AuthorisedBy = scope.UserName, AuthorisedAt = now,
        };
        db.CollectorAuthorisations.Add(grant);
        // The collector works where it is authorised: its scope follows the newest authorisation.
        account.RegionCode = body.Region;
        var updated = await users.UpdateAsync(account);
        if (!updated.Succeeded)
            return Results.Problem(statusCode: 400, title: "ACCOUNT_REFUSED", detail: string.Join("; ", updated.Errors.Select(e => e.Description)));
        AuditLog.Add(db, scope, "collector.authorise", account.UserName!, body.Region,
            new { grant.AgreementNo, agreementDate = body.AgreementDate, grant.ExpiresAt }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/collector-authorisations/{grant.Id}", View(grant, account.UserName!, now));
    }

    public sealed record Refusal(string Code, string Detail);

    /// <summary>
    /// 需要得到县级监管机构授权并签订信息安全保密协议: only the county supervision body authorises a third party, so a
    /// clerk whose scope is exactly a county, or the administrator; a township (or province-wide) clerk is refused.
    /// </summary>
    public static Refusal? WhoMayAuthorise(IReadOnlySet<string> roles, string scopeRegion)
    {
        if (roles.Contains(StaffRoles.Admin)) return null;
        if (roles.Contains(StaffRoles.Clerk) && scopeRegion.Length == 6) return null;
        return new Refusal("COUNTY_AUTHORISATION_REQUIRED",
            $"a third-party collector is authorised by the county supervision body 县级监管机构 (a county clerk or the administrator); your scope is {scopeRegion}");
    }

    public static async Task<IResult> RevokeAsync(long id, HubDbContext db, StaffScope scope, TimeProvider time, CancellationToken ct)
    {
        var grant = await db.CollectorAuthorisations.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (grant is null || !scope.Covers(grant.RegionCode))
            return StaffScope.NotFound("AUTHORISATION_UNKNOWN", $"no authorisation {id}");
        var now = time.GetUtcNow();
        var username = await db.Users.Where(u => u.Id == grant.AccountId).Select(u => u.UserName).FirstAsync(ct);
        if (grant.RevokedAt is not null) return Results.Ok(View(grant, username!, now));
        grant.RevokedAt = now;
        grant.RevokedBy = scope.UserName;
        AuditLog.Add(db, scope, "collector.revoke", username!, grant.RegionCode, new { grant.Id, grant.AgreementNo }, now);
        await db.SaveChangesAsync(ct);
        return Results.Ok(View(grant, username!, now));
    }

    private static AuthorisationView View(CollectorAuthorisation a, string username, DateTimeOffset now) =>
        new(a.Id, username, a.RegionCode, a.AgreementNo, a.AgreementDate, a.ExpiresAt, a.AuthorisedBy, a.AuthorisedAt,
            a.RevokedAt, a.RevokedBy, a.IsLive(now));
}
