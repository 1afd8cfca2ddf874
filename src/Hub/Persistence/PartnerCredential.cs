namespace EarTagTrace.Hub.Persistence;

/// <summary>An appKey a partner may sign inbound requests with.</summary>
public sealed class PartnerCredential
{
    public required string Partner { get; set; }
    public required string AppKey { get; set; }
    public required string Secret { get; set; }
    public bool Enabled { get; set; } = true;
}
