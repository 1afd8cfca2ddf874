using EarTagTrace.Hub.Persistence;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace EarTagTrace.Hub.Access;

/// <summary>GET/POST/PATCH /api/accounts: the province administrator manages staff accounts, each change audited.</summary>
public static class StaffAccounts
{
    public sealed record AccountView(string Username, string? DisplayName, IReadOnlyList<string> Roles, string Region,
        bool ThirdParty, bool Disabled, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, string? CreatedBy);

    public sealed record CreateRequest(string? Username, string? Password, string? DisplayName, string[]? Roles, string? Region, bool? ThirdParty);

    public sealed record UpdateRequest(string? DisplayName, string[]? Roles, bool? Disabled, string? Password, bool? Unlock);

    public static async Task<IResult> ListAsync(HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var accounts = await db.Users.AsNoTracking().Where(a => a.RegionCode.StartsWith(scope.Region))
            .OrderBy(a => a.UserName).ToListAsync(ct);
        return Results.Ok(new { items = accounts.Select(View) });
    }

    public static async Task<IResult> GetAsync(string username, UserManager<StaffAccount> users, StaffScope scope)
    {
        var account = await users.FindByNameAsync(username);
        return account is null || !scope.Covers(account.RegionCode)
            ? StaffScope.NotFound("ACCOUNT_UNKNOWN", $"no account {username}")
            : Results.Ok(View(account));
    }

    public static async Task<IResult> CreateAsync(CreateRequest? body, UserManager<StaffAccount> users, HubDbContext db,
        RegionDirectory regions, StaffScope scope, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Username) || string.IsNullOrEmpty(body.Password) || body.Region is null || body.Roles is not { Length: > 0 })
            return Results.Problem(statusCode: 400, title: "ACCOUNT_FIELDS_MISSING", detail: "username, password, roles and region are required");
        if (RolesProblem(body.Roles) is { } rolesProblem) return rolesProblem;
        if (await RegionProblemAsync(body.Region, regions, ct) is { } regionProblem) return regionProblem;
        if (scope.RefuseWrite(body.Region, "the new account's region") is { } outside) return outside;
        if (await users.FindByNameAsync(body.Username.Trim()) is not null)
            return Results.Problem(statusCode: 409, title: "ACCOUNT_EXISTS", detail: $"an account {body.Username} exists already");

        var now = time.GetUtcNow();
        var account = new StaffAccount
        {
            UserName = body.Username.Trim(), DisplayName = body.DisplayName?.Trim(), Roles = body.Roles.Distinct().ToArray(),
            RegionCode = body.Region, ThirdParty = body.ThirdParty ?? false, CreatedAt = now, CreatedBy = scope.UserName,
            LockoutEnabled = true,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(account, body.Password);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same name sent twice at once: both passed the look-up above, the unique index lets one in.
            return Results.Problem(statusCode: 409, title: "ACCOUNT_EXISTS", detail: $"an account {body.Username} exists already");
        }
        if (created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
            return Results.Problem(statusCode: 409, title: "ACCOUNT_EXISTS", detail: $"an account {body.Username} exists already");
        if (!created.Succeeded) return IdentityProblem(created);
        AuditLog.Add(db, scope, "account.create", account.UserName, account.RegionCode,
            new { roles = account.Roles, account.ThirdParty, account.DisplayName }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/accounts/{account.UserName}", View(account));
    }

    public static async Task<IResult> UpdateAsync(string username, UpdateRequest? body, UserManager<StaffAccount> users,
        HubDbContext db, StaffScope scope, TimeProvider time, CancellationToken ct)
    {
        var account = await users.FindByNameAsync(username);
        if (account is null || !scope.Covers(account.RegionCode)) return StaffScope.NotFound("ACCOUNT_UNKNOWN", $"no account {username}");
        if (body is null) return Results.Problem(statusCode: 400, title: "BODY_MISSING", detail: "send the fields to change");
        if (body.Roles is not null && RolesProblem(body.Roles) is { } rolesProblem) return rolesProblem;
        if (body.Disabled == true && account.UserName == scope.UserName)
            return Results.Problem(statusCode: 422, title: "CANNOT_DISABLE_SELF", detail: "ask another administrator to disable your account");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (body.DisplayName is not null) account.DisplayName = body.DisplayName.Trim();
        if (body.Roles is not null) account.Roles = body.Roles.Distinct().ToArray();
        if (body.Disabled is { } disabled) account.Disabled = disabled;
        if (body.Unlock == true) { account.LockoutEnd = null; account.AccessFailedCount = 0; }
        var result = await users.UpdateAsync(account);
        if (result.Succeeded && body.Password is not null)
        {
            // The administrator sets the new password directly (no reset-token provider is registered: that call was a
            // 500). A refused password leaves the old one: the transaction is not committed.
            result = await users.RemovePasswordAsync(account);
            if (result.Succeeded) result = await users.AddPasswordAsync(account, body.Password);
        }
        // A new stamp ends every token already issued: roles, a disable or a new password take effect at once.
        if (result.Succeeded) result = await users.UpdateSecurityStampAsync(account);
        if (!result.Succeeded) return IdentityProblem(result);
        AuditLog.Add(db, scope, "account.update", account.UserName!, account.RegionCode,
            new { body.DisplayName, body.Roles, body.Disabled, passwordReset = body.Password is not null, body.Unlock }, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Results.Ok(View(account));
    }

    public static AccountView View(StaffAccount a) => new(a.UserName!, a.DisplayName, a.Roles, a.RegionCode, a.ThirdParty,
        a.Disabled, a.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? end : null, a.CreatedAt, a.CreatedBy);

    private static IResult? RolesProblem(string[] roles) =>
        roles.FirstOrDefault(r => !StaffRoles.All.Contains(r)) is { } unknown
            ? Results.Problem(statusCode: 400, title: "ROLE_UNKNOWN", detail: $"unknown role '{unknown}'; roles are {string.Join(", ", StaffRoles.All)}")
            : null;

    internal static async Task<IResult?> RegionProblemAsync(string region, RegionDirectory regions, CancellationToken ct)
    {
        if (region.Length is not (2 or 6 or 9) || !region.All(char.IsAsciiDigit))
            return Results.Problem(statusCode: 400, title: "REGION_INVALID", detail: "a region scope is a province (2 digits), county (6) or township (9) code");
        return await regions.ExistsAsync(region, ct) ? null
            : Results.Problem(statusCode: 400, title: "REGION_UNKNOWN", detail: $"region {region} is not in the region table");
    }

    private static IResult IdentityProblem(IdentityResult result) =>
        Results.Problem(statusCode: 400, title: "ACCOUNT_REFUSED",
            detail: string.Join("; ", result.Errors.Select(e => $"{e.Code}: {e.Description}")));
}
