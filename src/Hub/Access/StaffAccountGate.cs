using System.Security.Claims;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Access;

/// <summary>
/// Checked on every staff call after the token's signature: the account still exists, is not disabled, its security
/// stamp is the one the token carries (a password reset or a disable ends old tokens), and a third-party collector
/// still holds a live county authorisation. This makes revocation take effect at once, not when the token expires.
/// </summary>
public sealed class StaffAccountGate(HubDbContext db, TimeProvider time)
{
    public async Task<string?> RefusalAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var id = user.FindFirstValue(StaffClaims.AccountId);
        var stamp = user.FindFirstValue(StaffClaims.Stamp);
        if (id is null) return "TOKEN_INVALID: the token names no account";
        var account = await db.Users.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new { a.Disabled, a.SecurityStamp, a.ThirdParty })
            .FirstOrDefaultAsync(ct);
        if (account is null) return "ACCOUNT_UNKNOWN: the account no longer exists";
        if (account.Disabled) return "ACCOUNT_DISABLED: the account is disabled";
        if (!string.Equals(account.SecurityStamp ?? "", stamp, StringComparison.Ordinal))
            return "TOKEN_REVOKED: the account changed since this token was issued; sign in again";
        if (account.ThirdParty)
        {
            var now = time.GetUtcNow();
            var live = await db.CollectorAuthorisations.AsNoTracking()
                .AnyAsync(a => a.AccountId == id && a.RevokedAt == null && a.ExpiresAt > now, ct);
            if (!live) return "AUTHORISATION_EXPIRED: the county's authorisation of this third-party collector has expired or was revoked";
        }
        return null;
    }
}
