namespace EarTagTrace.Hub.Access;

/// <summary>Staff sign-in settings, bound from <see cref="Section"/>.</summary>
public sealed class AccessOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// Base64 HMAC-SHA256 key (at least 32 bytes) that signs staff tokens. Unset, the hub makes one on first start and
    /// keeps it in the database, so every instance behind that database accepts the same tokens.
    /// </summary>
    public string? SigningKey { get; set; }
    public int TokenMinutes { get; set; } = 60;
    public string Issuer { get; set; } = "eartag-hub";
    /// <summary>Failed passwords in a row before the account locks.</summary>
    public int MaxFailedAttempts { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>Create the sandbox accounts (README) when they do not exist. Switch off in production.</summary>
    public bool SeedSandboxAccounts { get; set; } = true;

    public IEnumerable<string> Validate()
    {
        if (TokenMinutes is < 1 or > 24 * 60) yield return $"{Section}:TokenMinutes must be 1..1440, got {TokenMinutes}";
        if (MaxFailedAttempts < 1) yield return $"{Section}:MaxFailedAttempts must be at least 1";
        if (LockoutMinutes < 1) yield return $"{Section}:LockoutMinutes must be at least 1";
        if (!string.IsNullOrEmpty(SigningKey))
        {
            var bytes = new byte[SigningKey.Length];
            if (!Convert.TryFromBase64String(SigningKey, bytes, out var n) || n < 32)
                yield return $"{Section}:SigningKey must be base64 of at least 32 bytes";
        }
    }
}
