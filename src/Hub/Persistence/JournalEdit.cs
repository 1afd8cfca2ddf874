namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// An engineer's correction of a journaled message, kept as an RFC 6902 JSON Patch against the original body (which
/// stays as it was). It runs only when an approver other than its editor approves it; the run is a replay of the
/// original with the patched body, journaled like any replay.
/// </summary>
public sealed class JournalEdit
{
    public long Id { get; set; }
    public long JournalId { get; set; }
    /// <summary>The RFC 6902 operations (JSON array).</summary>
    public required string Patch { get; set; }
    public string? Reason { get; set; }
    public required string EditedBy { get; set; }
    public DateTimeOffset EditedAt { get; set; }
    public JournalEditStatus Status { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    /// <summary>The journal entry of the approved run (its replay_of is <see cref="JournalId"/>).</summary>
    public long? ReplayJournalId { get; set; }
    public string? Verdict { get; set; }
}

public enum JournalEditStatus { Pending = 1, Applied = 2 }
