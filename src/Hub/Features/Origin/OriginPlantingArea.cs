using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// 安溪县蔬菜重点监管品种种植面积一览表 (附件5): the planted area a township declares for a product in a year, against which
/// the collected area is measured (严禁漏采). An import replaces the township's line for that product and year.
/// </summary>
public sealed class OriginPlantingArea
{
    public required string TownshipCode { get; set; }
    public required string ProductCode { get; set; }
    public int Year { get; set; }
    /// <summary>种植面积 in 亩.</summary>
    public decimal AreaMu { get; set; }
    public required string ImportedBy { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

public sealed class OriginPlantingAreaConfiguration : IEntityTypeConfiguration<OriginPlantingArea>
{
    public void Configure(EntityTypeBuilder<OriginPlantingArea> e)
    {
        e.ToTable("origin_planting_area");
        e.HasKey(x => new { x.TownshipCode, x.ProductCode, x.Year });
        e.Property(x => x.TownshipCode).HasMaxLength(9);
        e.Property(x => x.ProductCode).HasMaxLength(32);
        e.Property(x => x.AreaMu).HasPrecision(12, 2);
        e.Property(x => x.ImportedBy).HasMaxLength(64);
    }
}
