namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// A replay of every journal entry matching a filter, run in the background: its progress, for GET /api/replays/{id},
/// and the filter and reason, for the record. Entries newer than <see cref="UpToJournalId"/> (its own replays among
/// them) are never part of it.
/// </summary>
public sealed class ReplayRun
{
    public long Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public string? Reason { get; set; }
    /// <summary>The journal filter as given (JSON).</summary>
    public required string Filter { get; set; }
    public bool DryRun { get; set; }
    public bool Force { get; set; }
    public ReplayRunState State { get; set; }
    public long UpToJournalId { get; set; }
    public int Total { get; set; }
    public int Done { get; set; }
    public int Accepted { get; set; }
    /// <summary>Refused by today's mappings or rules (malformed included).</summary>
    public int Refused { get; set; }
    /// <summary>The hub failed on its own account while replaying.</summary>
    public int Failed { get; set; }
    /// <summary>Entries not replayed: refused at the transport, truncated, or already replayed without force.</summary>
    public int Skipped { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }
    /// <summary>
    /// Touched by the instance that owns the run, while it waits in its queue and after each entry; a run left Running
    /// without one for long (its hub stopped or crashed) is marked Failed by any instance.
    /// </summary>
    public DateTimeOffset HeartbeatAt { get; set; }
}

public enum ReplayRunState { Running = 1, Completed = 2, Cancelled = 3, Failed = 4 }

/// <summary>What became of one entry of a replay run.</summary>
public sealed class ReplayRunItem
{
    public long RunId { get; set; }
    public long JournalId { get; set; }
    /// <summary>Accepted, Refused, Malformed, Failed (as the pipeline said), or Skipped.</summary>
    public required string Verdict { get; set; }
    /// <summary>JSON array of reasons (code, detail, path, tags).</summary>
    public string? Reasons { get; set; }
    public long? ReplayJournalId { get; set; }
}
