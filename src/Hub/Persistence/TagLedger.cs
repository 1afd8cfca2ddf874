using EarTagTrace.Mappings.Canonical;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// 耳标持有 a range of ear tags one holder holds now. Never one row per tag: an <c>int8range</c> of tag numbers, and
/// an exclusion constraint (no two rows overlap) makes it impossible for two holders to hold one tag.
/// </summary>
public sealed class TagHolding
{
    public long Id { get; set; }
    public NpgsqlRange<long> TagRange { get; set; }
    public HolderType HolderType { get; set; }
    /// <summary>County or township region code, farm code, or worker id.</summary>
    public required string HolderCode { get; set; }
    /// <summary>County of the tags (digits 2–7 of every tag in the range).</summary>
    public required string CountyCode { get; set; }
    public Species Species { get; set; }
    /// <summary>箱号 / 包号 box and pack from the stock registration, carried along as the range is issued.</summary>
    public string? Box { get; set; }
    public string? Pack { get; set; }
    public long RegistrationId { get; set; }
    public DateTimeOffset Since { get; set; }
    public long? JournalId { get; set; }
}

/// <summary>库存耳标登记 one registered range of a county's (or township's) unissued stock, kept for ever.</summary>
public sealed class TagRegistration
{
    public long Id { get; set; }
    public NpgsqlRange<long> TagRange { get; set; }
    public long Count { get; set; }
    /// <summary>登记单位: county (6 digits) or township (9 digits).</summary>
    public required string RegistrarCode { get; set; }
    public HolderType RegistrarType { get; set; }
    public required string CountyCode { get; set; }
    public Species Species { get; set; }
    public string? Box { get; set; }
    public string? Pack { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    /// <summary>djet (动监e通 push) or sheet (库存耳标登记表 import).</summary>
    public required string Source { get; set; }
    public long? JournalId { get; set; }
}

/// <summary>发放 one issuance (ffid), kept for ever with its ranges.</summary>
public sealed class TagIssuance
{
    public required string Id { get; set; }
    public IssuanceKind Kind { get; set; }
    public required string IssuerCode { get; set; }
    public HolderType IssuerType { get; set; }
    public required string ReceiverCode { get; set; }
    public HolderType ReceiverType { get; set; }
    public long Count { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>Hash of the canonical content: the same ffid with other content is refused, not applied.</summary>
    public required string ContentHash { get; set; }
    public long? JournalId { get; set; }
    public List<TagIssuanceRange> Ranges { get; set; } = [];
}

public sealed class TagIssuanceRange
{
    public required string IssuanceId { get; set; }
    public long First { get; set; }
    public NpgsqlRange<long> TagRange { get; set; }
}

/// <summary>注销 one cancellation (zxid); its tags are <see cref="TagEvent"/> rows.</summary>
public sealed class TagCancellation
{
    public required string Id { get; set; }
    public CancellationReason Reason { get; set; }
    public int Count { get; set; }
    public DateTimeOffset CancelledAt { get; set; }
    public required string ContentHash { get; set; }
    public long? JournalId { get; set; }
}

/// <summary>
/// 耳标事件 tags that reached a step as a range: declared (reserved by an accepted declaration), used on a certificate,
/// or cancelled. A message's consecutive tags with the same holder are one row (a single tag is a range of one). An
/// exclusion constraint per kind (no two rows of one kind overlap) is what makes a cancelled tag never come back and
/// two declarations unable to reserve one tag; a tag may still carry one row of each kind (declared, then used on that
/// declaration's certificate, then cancelled).
/// </summary>
public sealed class TagEvent
{
    public long Id { get; set; }
    /// <summary>The tags, inclusive bounds as written; PostgreSQL keeps <c>[first, last + 1)</c>.</summary>
    public NpgsqlRange<long> TagRange { get; set; }
    public TagEventKind Kind { get; set; }
    /// <summary>zxid, sbdh or zmbh.</summary>
    public required string RefId { get; set; }
    /// <summary>Who held the tags when they reached the step.</summary>
    public HolderType? HolderType { get; set; }
    public string? HolderCode { get; set; }
    public DateTimeOffset At { get; set; }
    public long? JournalId { get; set; }
}

public enum TagEventKind { Cancelled = 1, Declared = 2, Used = 3 }
