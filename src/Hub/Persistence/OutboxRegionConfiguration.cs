using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Persistence;

/// <summary>The outbox's region column, beside the table's own mapping in <see cref="HubDbContext"/>.</summary>
public sealed class OutboxRegionConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    // Village codes are the longest region codes (12 digits).
    public void Configure(EntityTypeBuilder<OutboxMessage> e) => e.Property(x => x.RegionCode).HasMaxLength(12);
}
