namespace EarTagTrace.Hub.Persistence;

/// <summary>One inbound or pulled message, stored raw with what the hub made of it.</summary>
public sealed class JournalEntry
{
    public long Id { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>Partner: farm-registry, djet, …</summary>
    public required string Source { get; set; }
    /// <summary>Message type: farm-push, farm-pull-page, …</summary>
    public required string Type { get; set; }
    /// <summary>The partner's own id of the message where it has one (ffid, sbdh, …).</summary>
    public string? PartnerId { get; set; }
    public JournalStatus Status { get; set; }
    /// <summary>JSON array of reasons (code, detail, path, tags).</summary>
    public string? Reasons { get; set; }
    /// <summary>JSON object: what the message changed (counts).</summary>
    public string? Summary { get; set; }
    public required string RawBody { get; set; }
    public double ProcessingMs { get; set; }
    public long? ReplayOf { get; set; }
    /// <summary>The staff account that ran the replay (from its token), for replays.</summary>
    public string? ReplayedBy { get; set; }
    /// <summary>
    /// Refused at the transport (signature, timestamp, unknown appKey): nobody authenticated this body, so it can never
    /// be replayed into canonical data.
    /// </summary>
    public bool Unauthenticated { get; set; }
    /// <summary>Only the first bytes of an oversized refused body were kept.</summary>
    public bool BodyTruncated { get; set; }
    /// <summary>
    /// The raw body was emptied by the retention job (RawBodyPruner) after its source's retention; the entry keeps its
    /// metadata, reasons, summary, keys and links, but can no longer be replayed or edited.
    /// </summary>
    public bool BodyPruned { get; set; }
    public DateTimeOffset? BodyPrunedAt { get; set; }
    /// <summary>
    /// The business keys the body names (farm codes, message ids, plates, unit codes), read from the raw body whatever
    /// became of the message, so a refused one is found by what it was about. See JournalKeyExtractor.
    /// </summary>
    public string[] Keys { get; set; } = [];
    /// <summary>The tags it names, merged into ranges; a search for one tag finds the messages whose ranges hold it.</summary>
    public NpgsqlTypes.NpgsqlRange<long>[] TagRanges { get; set; } = [];
    public List<JournalLink> Links { get; set; } = [];
}

public enum JournalStatus { Accepted = 1, Refused = 2, Failed = 3 }

/// <summary>A canonical entity a journal entry changed.</summary>
public sealed class JournalLink
{
    public long JournalId { get; set; }
    /// <summary>farm, tag-range, declaration, …</summary>
    public required string EntityType { get; set; }
    public required string EntityKey { get; set; }
}
