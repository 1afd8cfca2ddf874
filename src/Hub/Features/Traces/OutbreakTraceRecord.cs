using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>
/// 疫情追溯记录 one outbreak trace as it was answered, kept so it can be read again, exported and shown on the map
/// exactly as the vet first saw it (the data it was drawn from may change afterwards).
/// </summary>
public sealed class OutbreakTraceRecord
{
    public long Id { get; set; }
    public required string Start { get; set; }
    /// <summary>tag, farm or certificate.</summary>
    public required string StartKind { get; set; }
    public int Days { get; set; }
    public int Depth { get; set; }
    public required string RequestedBy { get; set; }
    /// <summary>The caller's region scope when it ran: only a scope that covers it may read it again.</summary>
    public required string ScopeRegion { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public double ElapsedMs { get; set; }
    public int Places { get; set; }
    public long Animals { get; set; }
    /// <summary>The <see cref="TraceView"/> as answered (jsonb).</summary>
    public required string Result { get; set; }
}

public sealed class OutbreakTraceRecordConfiguration : IEntityTypeConfiguration<OutbreakTraceRecord>
{
    public void Configure(EntityTypeBuilder<OutbreakTraceRecord> e)
    {
        e.ToTable("outbreak_trace");
        // By default, not always: the handler reserves the id first, so the stored answer can carry it.
        e.Property(x => x.Id).UseIdentityByDefaultColumn();
        e.Property(x => x.Start).HasMaxLength(64);
        e.Property(x => x.StartKind).HasMaxLength(16);
        e.Property(x => x.RequestedBy).HasMaxLength(256);
        e.Property(x => x.ScopeRegion).HasMaxLength(12);
        e.Property(x => x.Result).HasColumnType("jsonb");
        e.HasIndex(x => x.StartedAt);
    }
}
