using System.Security.Claims;
using System.Security.Cryptography;
using EarTagTrace.Hub.Persistence;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EarTagTrace.Hub.Access;

/// <summary>Issues staff bearer tokens (JWT, HMAC-SHA256 by Microsoft.IdentityModel) and holds the key that checks them.</summary>
public sealed class StaffTokens(IOptions<AccessOptions> options, TimeProvider time)
{
    public const string Audience = "eartag-staff";
    private const string KeySetting = "staff-token-signing-key";
    private SymmetricSecurityKey? _key;

    public SecurityKey Key => _key ?? throw new InvalidOperationException("the staff token key is loaded at start (DatabaseInitializer)");

    /// <summary>Loads the configured key, or the database's, making one if there is none yet (first instance wins).</summary>
    public async Task LoadAsync(HubDbContext db, CancellationToken ct)
    {
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrEmpty(configured))
        {
            _key = new SymmetricSecurityKey(Convert.FromBase64String(configured));
            return;
        }
        var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO hub_setting (name, value) VALUES ({KeySetting}, {fresh}) ON CONFLICT (name) DO NOTHING", ct);
        var stored = await db.Settings.AsNoTracking().Where(s => s.Name == KeySetting).Select(s => s.Value).FirstAsync(ct);
        _key = new SymmetricSecurityKey(Convert.FromBase64String(stored));
    }

    public (string Token, int ExpiresIn) Issue(StaffAccount account)
    {
        var lifetime = TimeSpan.FromMinutes(options.Value.TokenMinutes);
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(StaffClaims.AccountId, account.Id),
            new(StaffClaims.Name, account.UserName!),
            new(StaffClaims.Region, account.RegionCode),
            new(StaffClaims.Stamp, account.SecurityStamp ?? ""),
        };
        claims.AddRange(account.Roles.Select(r => new Claim(StaffClaims.Role, r)));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Value.Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, (int)lifetime.TotalSeconds);
    }
}
