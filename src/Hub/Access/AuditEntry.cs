namespace EarTagTrace.Hub.Access;

/// <summary>
/// 审计日志 one state change by a staff member: who (from the token), what, on what, in which region, and why.
/// Append-only: a trigger refuses UPDATE and DELETE on the table.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    /// <summary>Dotted verb: account.create, county.switch, qr.rotate, journal.replay, collector.authorise, …</summary>
    public required string Action { get; set; }
    public required string Target { get; set; }
    public string? Region { get; set; }
    /// <summary>JSON object with what changed and the reason given.</summary>
    public string? Detail { get; set; }
}
