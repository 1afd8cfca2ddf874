using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Imports;

public enum ImportState { Checking = 1, Writing = 2, Done = 3, Refused = 4, Failed = 5 }

/// <summary>
/// A long sheet import running in the background: rows read, rows checked, its state, and at the end the same report
/// the synchronous answer gives. In the database, so any hub instance answers GET /api/imports/{id}.
/// </summary>
public sealed class SheetImport
{
    public Guid Id { get; set; }
    /// <summary>origin (采集表), tag-stock (库存耳标登记表).</summary>
    public required string Kind { get; set; }
    public ImportState State { get; set; }
    public int RowsRead { get; set; }
    public int RowsChecked { get; set; }
    /// <summary>The final answer: what was imported, or the report of faults (JSON).</summary>
    public string? Report { get; set; }
    public required string StartedBy { get; set; }
    /// <summary>The starter's region scope: only callers who cover it see the import.</summary>
    public required string Region { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public sealed class SheetImportConfiguration : IEntityTypeConfiguration<SheetImport>
{
    public void Configure(EntityTypeBuilder<SheetImport> e)
    {
        e.ToTable("sheet_import");
        e.Property(x => x.Kind).HasMaxLength(16);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Report).HasColumnType("jsonb");
        e.Property(x => x.StartedBy).HasMaxLength(64);
        e.Property(x => x.Region).HasMaxLength(12);
        e.HasIndex(x => x.StartedAt);
    }
}
