using Microsoft.AspNetCore.Identity;

namespace EarTagTrace.Hub.Access;

/// <summary>
/// 工作人员账号 a staff account. ASP.NET Core Identity keeps the password hash, the failed-attempt count and the
/// lockout; the hub adds the roles and the region scope that every /api call is checked against.
/// </summary>
public sealed class StaffAccount : IdentityUser
{
    public string? DisplayName { get; set; }
    public string[] Roles { get; set; } = [];
    /// <summary>Region scope: province (2 digits), county (6) or township (9).</summary>
    public required string RegionCode { get; set; }
    /// <summary>第三方机构 a third-party collector: works only under a live county authorisation.</summary>
    public bool ThirdParty { get; set; }
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>
/// 授权 a county's authorisation of a third-party collector (seed: 县级监管机构授权并签订信息安全保密协议): the
/// confidentiality agreement's number and date, the region it may collect in, and until when.
/// </summary>
public sealed class CollectorAuthorisation
{
    public long Id { get; set; }
    public required string AccountId { get; set; }
    /// <summary>County (or a township of it) the collector may work in.</summary>
    public required string RegionCode { get; set; }
    /// <summary>信息安全保密协议 number.</summary>
    public required string AgreementNo { get; set; }
    public DateOnly AgreementDate { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public required string AuthorisedBy { get; set; }
    public DateTimeOffset AuthorisedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsLive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>A hub-wide setting kept in the database so every instance shares it (the token signing key).</summary>
public sealed class HubSetting
{
    public required string Name { get; set; }
    public required string Value { get; set; }
}
