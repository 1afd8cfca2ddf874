using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>Where a correction stands: open until the record is fixed or explained, then signed off by the county.</summary>
public enum CorrectionState { Open = 1, Fixed = 2, Explained = 3, SignedOff = 4 }

/// <summary>
/// 整改 one hit of the online checks 线上巡查 on one record: on the correction list of the record's township with a
/// deadline. The collector fixes the record (the next check finds nothing: Fixed) or explains why it is right
/// (Explained); the county signs either off.
/// </summary>
public sealed class OriginCorrection
{
    public long Id { get; set; }
    public long RecordId { get; set; }
    public required string TownshipCode { get; set; }
    /// <summary>One of <see cref="OnlineChecks"/>' rule codes.</summary>
    public required string Rule { get; set; }
    public required string Detail { get; set; }
    public CorrectionState State { get; set; }
    public DateTimeOffset FoundAt { get; set; }
    /// <summary>整改期限 China date by which it must be fixed or explained.</summary>
    public DateOnly Deadline { get; set; }
    public DateTimeOffset? FixedAt { get; set; }
    public string? Explanation { get; set; }
    public string? ExplainedBy { get; set; }
    public DateTimeOffset? ExplainedAt { get; set; }
    public string? SignedOffBy { get; set; }
    public DateTimeOffset? SignedOffAt { get; set; }
}

public sealed class OriginCorrectionConfiguration : IEntityTypeConfiguration<OriginCorrection>
{
    public void Configure(EntityTypeBuilder<OriginCorrection> e)
    {
        e.ToTable("origin_correction");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.TownshipCode).HasMaxLength(9);
        e.Property(x => x.Rule).HasMaxLength(40);
        e.Property(x => x.Detail).HasMaxLength(500);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Explanation).HasMaxLength(500);
        e.Property(x => x.ExplainedBy).HasMaxLength(64);
        e.Property(x => x.SignedOffBy).HasMaxLength(64);
        e.HasOne<OriginRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        // One live correction per record and rule: a second run finds the same hit, it does not add it again.
        e.HasIndex(x => new { x.RecordId, x.Rule }).IsUnique().HasFilter("state in ('Open', 'Explained')");
        e.HasIndex(x => new { x.TownshipCode, x.State });
    }
}
