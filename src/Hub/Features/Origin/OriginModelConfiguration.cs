using EarTagTrace.Mappings.Canonical;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>The 8 key products of the Anxi notice (seed 一, 二(二)), seeded by the migration; more are rows, not code.</summary>
public sealed class OriginProductConfiguration : IEntityTypeConfiguration<OriginProduct>
{
    public static readonly OriginProduct[] KeyProducts =
    [
        new() { Code = "cowpea", Name = "豇豆", Unit = ScaleUnit.Mu, ScopeThreshold = 0.5m, Cadence = OriginCadence.PerCycle, SortOrder = 1 },
        new() { Code = "leek", Name = "韭菜", Unit = ScaleUnit.Mu, ScopeThreshold = 0.5m, Cadence = OriginCadence.PerCycle, SortOrder = 2 },
        new() { Code = "celery", Name = "芹菜", Unit = ScaleUnit.Mu, ScopeThreshold = 0.5m, Cadence = OriginCadence.PerCycle, SortOrder = 3 },
        // 蛋鸡 laying hens, counted in birds.
        new() { Code = "egg", Name = "鸡蛋", Unit = ScaleUnit.Bird, ScopeThreshold = 500, Cadence = OriginCadence.Monthly, SortOrder = 4 },
        new() { Code = "black-bone-chicken", Name = "乌鸡", Unit = ScaleUnit.Bird, ScopeThreshold = 1000, Cadence = OriginCadence.Monthly, SortOrder = 5 },
        new() { Code = "beef-cattle", Name = "肉牛", Unit = ScaleUnit.Head, ScopeThreshold = 5, Cadence = OriginCadence.Monthly, Species = Species.Cattle, SortOrder = 6 },
        new() { Code = "meat-sheep", Name = "肉羊", Unit = ScaleUnit.Head, ScopeThreshold = 50, Cadence = OriginCadence.Monthly, Species = Species.Sheep, SortOrder = 7 },
        new() { Code = "live-pig", Name = "生猪", Unit = ScaleUnit.Head, ScopeThreshold = 30, Cadence = OriginCadence.Monthly, Species = Species.Pig, SortOrder = 8 },
    ];

    public void Configure(EntityTypeBuilder<OriginProduct> e)
    {
        e.ToTable("origin_product");
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(32);
        e.HasIndex(x => x.Name).IsUnique();
        e.Property(x => x.Unit).HasConversion<string>().HasMaxLength(8);
        e.Property(x => x.Cadence).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Species).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.ScopeThreshold).HasPrecision(12, 2);
        e.HasData(KeyProducts);
    }
}

public sealed class OriginEntityConfiguration : IEntityTypeConfiguration<OriginEntity>
{
    public void Configure(EntityTypeBuilder<OriginEntity> e)
    {
        e.ToTable("origin_entity");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Type).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.CountyCode).HasMaxLength(6);
        e.HasIndex(x => new { x.CountyCode, x.Name }).IsUnique();
        // q= searches names anywhere in them: a trigram index would be next; a county's list is small enough now.
        e.HasIndex(x => x.Name);
    }
}

public sealed class OriginRecordConfiguration : IEntityTypeConfiguration<OriginRecord>
{
    public void Configure(EntityTypeBuilder<OriginRecord> e)
    {
        e.ToTable("origin_record");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.ProductCode).HasMaxLength(32);
        e.Property(x => x.Unit).HasConversion<string>().HasMaxLength(8);
        e.Property(x => x.Scale).HasPrecision(12, 2);
        e.Property(x => x.BaseAddress).HasMaxLength(200);
        e.Property(x => x.RegionCode).HasMaxLength(12);
        e.Property(x => x.CountyCode).HasMaxLength(6);
        e.Property(x => x.TownshipCode).HasMaxLength(9);
        e.Property(x => x.Cycle).HasMaxLength(10);
        e.Property(x => x.Location).HasColumnType("geography (Point, 4326)");
        e.Property(x => x.ProductionMode).HasConversion<string>().HasMaxLength(16);
        // Stored as the enum names, so psql and the report read them.
        e.Property(x => x.TraceMethods).HasColumnType("text[]")
            .HasConversion(
                v => v.Select(m => m.ToString()).ToArray(),
                v => v.Select(Enum.Parse<TraceMethod>).ToArray(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<TraceMethod[]>(
                    (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, m) => HashCode.Combine(h, m)), v => v.ToArray()));
        e.HasOne(x => x.Entity).WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Product).WithMany().HasForeignKey(x => x.ProductCode).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.PlotKey).HasMaxLength(40).HasDefaultValue("");
        e.HasIndex(x => new { x.EntityId, x.ProductCode, x.BaseAddress, x.PlotKey, x.Cycle }).IsUnique();
        // Region filters are prefix matches (county, township, village): text_pattern_ops lets LIKE '350524%' use them.
        e.HasIndex(x => new { x.RegionCode, x.ProductCode }).HasOperators("text_pattern_ops");
        e.HasIndex(x => new { x.TownshipCode, x.ProductCode });
        e.HasIndex(x => x.Location).HasMethod("gist");
        e.HasIndex(x => x.FarmCode);
    }
}

public sealed class OriginLocationChangeConfiguration : IEntityTypeConfiguration<OriginLocationChange>
{
    public void Configure(EntityTypeBuilder<OriginLocationChange> e)
    {
        e.ToTable("origin_location_change");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.From).HasColumnType("geography (Point, 4326)");
        e.Property(x => x.To).HasColumnType("geography (Point, 4326)");
        e.Property(x => x.Source).HasMaxLength(16);
        e.Property(x => x.ChangedBy).HasMaxLength(64);
        e.HasOne<OriginRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.RecordId, x.Id });
    }
}

public sealed class OriginRapidTestConfiguration : IEntityTypeConfiguration<OriginRapidTest>
{
    public void Configure(EntityTypeBuilder<OriginRapidTest> e)
    {
        e.ToTable("origin_rapid_test");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.ProductCode).HasMaxLength(32);
        e.Property(x => x.SampleNo).HasMaxLength(64);
        e.Property(x => x.Item).HasMaxLength(100);
        e.Property(x => x.Result).HasConversion<string>().HasMaxLength(8);
        e.Property(x => x.Value).HasMaxLength(50);
        e.Property(x => x.Tester).HasMaxLength(50);
        e.Property(x => x.RecordedBy).HasMaxLength(64);
        e.HasOne<OriginRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        // The same sample number of one record twice is one test: a resent form does not count twice.
        e.HasIndex(x => new { x.RecordId, x.SampleNo, x.Item }).IsUnique();
    }
}
