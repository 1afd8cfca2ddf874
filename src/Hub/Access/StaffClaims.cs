namespace EarTagTrace.Hub.Access;

/// <summary>Claim types of a staff token, short because they travel on every call.</summary>
public static class StaffClaims
{
    public const string Name = "name";
    public const string Role = "role";
    /// <summary>Region scope: 2-digit province, 6-digit county or 9-digit township code.</summary>
    public const string Region = "region";
    /// <summary>Identity's security stamp: changed when an account is disabled or its password reset.</summary>
    public const string Stamp = "stamp";
    public const string AccountId = "sub";
}
