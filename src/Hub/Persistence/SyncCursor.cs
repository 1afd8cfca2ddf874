namespace EarTagTrace.Hub.Persistence;

/// <summary>Durable position of an incremental pull, saved after every committed page.</summary>
public sealed class SyncCursor
{
    public required string Name { get; set; }
    public string? Since { get; set; }
    public int Page { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
}
