using EarTagTrace.Hub.Persistence;
using Microsoft.AspNetCore.Identity;

namespace EarTagTrace.Hub.Access;

/// <summary>
/// Loads the token key and creates the sandbox accounts that testers script against (password: username + "-sandbox").
/// Existing accounts are left as they are, so a changed password or a disabled account stays that way.
/// </summary>
public sealed class StaffAccountSeeder(
    HubDbContext db,
    UserManager<StaffAccount> users,
    StaffTokens tokens,
    IOptions<AccessOptions> options,
    TimeProvider time,
    ILogger<StaffAccountSeeder> log)
{
    public sealed record Sandbox(string UserName, string Region, string DisplayName, params string[] Roles);

    public static readonly IReadOnlyList<Sandbox> SandboxAccounts =
    [
        new("admin", "22", "吉林省管理员", StaffRoles.Admin),
        new("engineer", "22", "集成工程师", StaffRoles.Engineer),
        new("reviewer", "22", "审核工程师", StaffRoles.Approver, StaffRoles.Engineer),
        new("nongan", "220122", "农安县业务员", StaffRoles.Clerk),
        new("nongan-town", "220122100", "农安镇网格员", StaffRoles.Collector),
        new("viewer", "22", "只读用户", StaffRoles.Viewer),
        new("thirdparty", "220122", "第三方采集机构", StaffRoles.Collector),
        new("anxi", "350524", "安溪县业务员", StaffRoles.Clerk),
        new("anxi-fengcheng", "350524100", "凤城镇网格员", StaffRoles.Collector),
        new("vet", "22", "吉林省官方兽医", StaffRoles.Vet),
    ];

    public const string ThirdPartyAccount = "thirdparty";
    public const string ThirdPartyAuthoriser = "nongan";

    // "vet-sandbox" would be one character short of the 12 every password needs.
    public static string SandboxPassword(string userName) => userName == "vet" ? "vet-sandbox-22" : userName + "-sandbox";

    public async Task InitializeAsync(CancellationToken ct)
    {
        await tokens.LoadAsync(db, ct);
        if (!options.Value.SeedSandboxAccounts) return;

        var now = time.GetUtcNow();
        foreach (var s in SandboxAccounts)
        {
            if (await users.FindByNameAsync(s.UserName) is not null) continue;
            var account = new StaffAccount
            {
                UserName = s.UserName, DisplayName = s.DisplayName, Roles = s.Roles, RegionCode = s.Region,
                ThirdParty = s.UserName == ThirdPartyAccount, CreatedAt = now, CreatedBy = "sandbox", LockoutEnabled = true,
            };
            var created = await users.CreateAsync(account, SandboxPassword(s.UserName));
            if (!created.Succeeded)
            {
                // Another instance starting at the same moment created it first; anything else is a real fault.
                if (await users.FindByNameAsync(s.UserName) is not null) continue;
                throw new InvalidOperationException($"sandbox account {s.UserName}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }
            log.LogInformation("Created sandbox account {User} ({Roles}, region {Region})", s.UserName, string.Join("+", s.Roles), s.Region);
        }

        var thirdParty = await users.FindByNameAsync(ThirdPartyAccount);
        if (thirdParty is not null && !await db.CollectorAuthorisations.AnyAsync(a => a.AccountId == thirdParty.Id, ct))
        {
            db.CollectorAuthorisations.Add(new CollectorAuthorisation
            {
                AccountId = thirdParty.Id, RegionCode = "220122", AgreementNo = "NA-BM-2026-001",
                AgreementDate = DateOnly.FromDateTime(now.UtcDateTime), ExpiresAt = now.AddYears(1),
                AuthorisedBy = ThirdPartyAuthoriser, AuthorisedAt = now,
            });
            await db.SaveChangesAsync(ct);
        }
    }
}
