using System.Security.Claims;
using Npgsql;

namespace EarTagTrace.Hub.Access;

/// <summary>
/// Checked on every staff call after the token's signature: the account still exists, is not disabled, its security
/// stamp is the one the token carries (a password reset or a disable ends old tokens), and a third-party collector
/// still holds a live county authorisation. This makes revocation take effect at once, not when the token expires.
/// One prepared statement on the data source, with no unit of work: it runs before every staff call.
/// </summary>
public sealed class StaffAccountGate(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Sql = """
        select a.disabled, a.security_stamp, a.third_party,
               a.third_party and exists (select 1 from collector_authorisation c
                                         where c.account_id = a.id and c.revoked_at is null and c.expires_at > @now)
        from staff_account a where a.id = @id
        """;

    public async Task<string?> RefusalAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var id = user.FindFirstValue(StaffClaims.AccountId);
        var stamp = user.FindFirstValue(StaffClaims.Stamp);
        if (id is null) return "TOKEN_INVALID: the token names no account";
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string>("id", id));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", time.GetUtcNow()));
        await using var r = await command.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return "ACCOUNT_UNKNOWN: the account no longer exists";
        if (r.GetBoolean(0)) return "ACCOUNT_DISABLED: the account is disabled";
        if (!string.Equals(r.IsDBNull(1) ? "" : r.GetString(1), stamp, StringComparison.Ordinal))
            return "TOKEN_REVOKED: the account changed since this token was issued; sign in again";
        if (r.GetBoolean(2) && !r.GetBoolean(3))
            return "AUTHORISATION_EXPIRED: the county's authorisation of this third-party collector has expired or was revoked";
        return null;
    }
}
