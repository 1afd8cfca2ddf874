using Microsoft.AspNetCore.Identity;

namespace EarTagTrace.Hub.Access;

/// <summary>POST /api/auth/login: username and password for a bearer token. Identity checks the hash and keeps the lockout.</summary>
public static class Login
{
    public sealed record Request(string? Username, string? Password);

    public sealed record Token(string AccessToken, string TokenType, int ExpiresIn, string Username, IReadOnlyList<string> Roles, string Region);

    public static async Task<IResult> HandleAsync(Request? body, UserManager<StaffAccount> users, StaffTokens tokens,
        StaffAccountGate gate, ILoggerFactory logs, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Username) || string.IsNullOrEmpty(body.Password))
            return Results.Problem(statusCode: 400, title: "CREDENTIALS_MISSING", detail: "send {\"username\", \"password\"}");
        if (body.Username.Length > 256 || body.Password.Length > 1024)
            return Refused("CREDENTIALS_INVALID", "wrong username or password");

        var log = logs.CreateLogger(typeof(Login));
        var account = await users.FindByNameAsync(body.Username.Trim());
        // The same answer for an unknown user and a wrong password: a login form must not tell which names exist.
        if (account is null) return Refused("CREDENTIALS_INVALID", "wrong username or password");
        if (account.Disabled) return Refused("ACCOUNT_DISABLED", "this account is disabled; ask the province administrator");
        if (await users.IsLockedOutAsync(account))
            return Refused("ACCOUNT_LOCKED", $"too many wrong passwords; the account is locked until {account.LockoutEnd:yyyy-MM-dd HH:mm} UTC");
        if (!await users.CheckPasswordAsync(account, body.Password))
        {
            await users.AccessFailedAsync(account);
            log.LogInformation("Wrong password for {User}", account.UserName);
            return await users.IsLockedOutAsync(account)
                ? Refused("ACCOUNT_LOCKED", "too many wrong passwords; the account is now locked")
                : Refused("CREDENTIALS_INVALID", "wrong username or password");
        }
        await users.ResetAccessFailedCountAsync(account);

        var (token, expiresIn) = tokens.Issue(account);
        // A third-party collector whose authorisation lapsed gets no token at all, not one that fails on first use.
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new(StaffClaims.AccountId, account.Id), new(StaffClaims.Stamp, account.SecurityStamp ?? ""),
        ]));
        if (await gate.RefusalAsync(principal, ct) is { } refusal)
        {
            var colon = refusal.IndexOf(':');
            return Refused(refusal[..colon], refusal[(colon + 1)..].Trim());
        }
        log.LogInformation("Signed in {User}", account.UserName);
        return Results.Ok(new Token(token, "Bearer", expiresIn, account.UserName!, account.Roles, account.RegionCode));
    }

    private static IResult Refused(string title, string detail) => Results.Problem(statusCode: 401, title: title, detail: detail);
}
