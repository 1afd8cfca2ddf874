using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Persistence;

/// <summary>检疫申报 an accepted quarantine declaration (refused ones live in the journal with their reasons).</summary>
public sealed class Declaration
{
    public required string Id { get; set; }
    public required string FarmCode { get; set; }
    public required string CountyCode { get; set; }
    public Species Species { get; set; }
    public int HeadCount { get; set; }
    public required string DestinationCode { get; set; }
    public string? DestinationAddress { get; set; }
    public MovementPurpose Purpose { get; set; }
    public DateTimeOffset DeclaredAt { get; set; }
    public required string ContentHash { get; set; }
    public long? JournalId { get; set; }
    /// <summary>产地检疫合格证明 issued on it, once there is one.</summary>
    public string? CertificateNumber { get; set; }
}

/// <summary>产地检疫合格证明 an origin quarantine certificate (A leaves the province, B stays in it).</summary>
public sealed class Certificate
{
    public required string Number { get; set; }
    public CertificateType Type { get; set; }
    public required string DeclarationId { get; set; }
    public required string FarmCode { get; set; }
    public required string CountyCode { get; set; }
    public Species Species { get; set; }
    public int HeadCount { get; set; }
    public required string OriginCode { get; set; }
    public string? OriginAddress { get; set; }
    public required string DestinationCode { get; set; }
    public string? DestinationAddress { get; set; }
    /// <summary>到达地养殖场编码 the destination's farm code when it is a registered farm (optional on the certificate).</summary>
    public string? DestinationFarmCode { get; set; }
    public string? Carrier { get; set; }
    public required string Plate { get; set; }
    public required string Vet { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public int ValidDays { get; set; }
    public required string ContentHash { get; set; }
    public long? JournalId { get; set; }
}

/// <summary>
/// 存栏变动 one line of a farm's stock history: a registry baseline (the count as of the record's update time), a
/// change from 动监e通, or a certificate's animals leaving. Changes at or before the current baseline are recorded
/// but not applied: the baseline already counts them.
/// </summary>
public sealed class StockChange
{
    public long Id { get; set; }
    /// <summary>bdid for 动监e通 changes; zmbh for certificates; null for baselines.</summary>
    public string? PartnerId { get; set; }
    public required string FarmCode { get; set; }
    public Species Species { get; set; }
    public StockChangeType Kind { get; set; }
    /// <summary>Head count of the change, or the baseline count.</summary>
    public int Count { get; set; }
    public int Delta { get; set; }
    public DateTimeOffset At { get; set; }
    public bool Applied { get; set; }
    public int StockAfter { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public long? JournalId { get; set; }
}

public enum StockChangeType { Baseline = 0, Birth = 1, Purchase = 2, Death = 3, Sale = 4, Certificate = 5 }

/// <summary>县 rollout of the linked declaration function (Jilin ear-tag plan, part 三): on or off from a date.</summary>
public sealed class CountyRollout
{
    public required string CountyCode { get; set; }
    public bool Enabled { get; set; }
    public DateOnly Since { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Every switch of a county, who asked for it and when.</summary>
public sealed class RolloutAudit
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    public bool Enabled { get; set; }
    public DateOnly Since { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Actor { get; set; }
    public string? Note { get; set; }
}

/// <summary>Where a county's 上报启用时间 stands.</summary>
public enum StartReportStatus { Pending, Approved, Refused, Superseded }

/// <summary>
/// A county's report of the date it will start using the new function (上报启用时间, Jilin plan 三(二)), and the
/// province's decision on it. Approval switches the county on from that date.
/// </summary>
public sealed class CountyStartReport
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    public DateOnly StartDate { get; set; }
    public string? Note { get; set; }
    public required string ReportedBy { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public StartReportStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>The province's reason for a refusal (or its note on an approval).</summary>
    public string? Reason { get; set; }
}
