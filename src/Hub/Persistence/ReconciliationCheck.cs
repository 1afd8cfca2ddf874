namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// One comparison of what the hub delivered to the national cloud platform with what the platform holds, for one type
/// (farms, issuances, certificates), county and day (China time), by count and digest; and its repair when they differ.
/// </summary>
public sealed class ReconciliationCheck
{
    public long Id { get; set; }
    public required string Type { get; set; }
    public required string CountyCode { get; set; }
    public DateOnly Day { get; set; }
    public int HubCount { get; set; }
    public required string HubDigest { get; set; }
    public int? PlatformCount { get; set; }
    public string? PlatformDigest { get; set; }
    public ReconciliationState State { get; set; }
    /// <summary>The outbox items sent again under new request ids because the day did not match.</summary>
    public long[] RequeuedIds { get; set; } = [];
    public DateTimeOffset CheckedAt { get; set; }
    public DateTimeOffset? RecheckedAt { get; set; }
    /// <summary>The staff account that asked for it; null for the nightly job.</summary>
    public string? RequestedBy { get; set; }
    public string? Error { get; set; }
}

public enum ReconciliationState
{
    Matched = 1,
    /// <summary>Differs; its items were sent again and it is checked again once they are delivered.</summary>
    Mismatched = 2,
    /// <summary>Differed, and matched after the items were sent again.</summary>
    Repaired = 3,
    /// <summary>Still differs after sending again: an engineer must look.</summary>
    StillMismatched = 4,
    /// <summary>The platform could not be asked.</summary>
    Failed = 5,
}
