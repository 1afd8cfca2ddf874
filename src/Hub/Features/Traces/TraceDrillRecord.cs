using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>
/// 追溯演练 one night's drill of one county: N sampled tags traced end to end, the gaps found in their chains, and the
/// time the traces took. A gap is a link the trace had to do without: a certificate whose tag no declaration of it
/// names, a destination farm code the registry does not know, a certificate the national platform does not hold
/// (its county and day still mismatched after reconciliation).
/// </summary>
public sealed class TraceDrillRecord
{
    public long Id { get; set; }
    public required string CountyCode { get; set; }
    /// <summary>The drill's day, China time.</summary>
    public DateOnly Day { get; set; }
    public DateTimeOffset RanAt { get; set; }
    public int Sampled { get; set; }
    public int Traced { get; set; }
    public int CertificateWithoutDeclaration { get; set; }
    public int DestinationFarmUnknown { get; set; }
    public int CertificateNotHeldNationally { get; set; }
    /// <summary>Sampled tags whose chain had no gap.</summary>
    public int Complete { get; set; }
    public double ElapsedMs { get; set; }
    public double MaxTraceMs { get; set; }
    /// <summary>The gaps found, each with its tag and certificate (jsonb), so a clerk can go and mend them.</summary>
    public required string Gaps { get; set; }
}

public sealed class TraceDrillRecordConfiguration : IEntityTypeConfiguration<TraceDrillRecord>
{
    public void Configure(EntityTypeBuilder<TraceDrillRecord> e)
    {
        e.ToTable("trace_drill");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.CountyCode).HasMaxLength(6);
        e.Property(x => x.Gaps).HasColumnType("jsonb");
        e.HasIndex(x => new { x.CountyCode, x.Day });
    }
}
