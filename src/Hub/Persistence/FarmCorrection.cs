using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Persistence;

/// <summary>
/// 现场纠正 a farm correction from 动监e通 the hub applied (信息共享): kept by its jzid so a resent correction is answered as
/// the first time and applied once, and so the farm's page can say where its data came from.
/// </summary>
public sealed class FarmCorrection
{
    /// <summary>jzid, 动监e通's id of the correction.</summary>
    public required string Id { get; set; }
    public required string FarmCode { get; set; }
    /// <summary>jzsj as UTC: the time newest-wins compares.</summary>
    public DateTimeOffset CorrectedAt { get; set; }
    /// <summary>官方兽医 who corrected it.</summary>
    public required string Vet { get; set; }
    /// <summary>The canonical correction as applied (JSON).</summary>
    public required string Fields { get; set; }
    /// <summary>False when nothing differed from the hub's farm: then nothing was forwarded to the registry.</summary>
    public bool Changed { get; set; }
    public required string ContentHash { get; set; }
    public long? JournalId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class FarmCorrectionConfiguration : IEntityTypeConfiguration<FarmCorrection>
{
    public void Configure(EntityTypeBuilder<FarmCorrection> e)
    {
        e.ToTable("farm_correction");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(64);
        e.Property(x => x.FarmCode).HasMaxLength(32);
        e.Property(x => x.Vet).HasMaxLength(50);
        e.Property(x => x.Fields).HasColumnType("jsonb");
        e.HasIndex(x => new { x.FarmCode, x.CorrectedAt });
    }
}
