using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Persistence;

public sealed class HubInstanceConfiguration : IEntityTypeConfiguration<HubInstance>
{
    public void Configure(EntityTypeBuilder<HubInstance> e)
    {
        e.ToTable("hub_instance");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(200);
    }
}
