using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Persistence;

/// <summary>The outbox's trace column, beside the table's own mapping in <see cref="HubDbContext"/>.</summary>
public sealed class OutboxTraceConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    // A traceparent is 55 characters (version-traceid-spanid-flags); a little room for a future version's extra fields.
    public void Configure(EntityTypeBuilder<OutboxMessage> e) => e.Property(x => x.TraceParent).HasMaxLength(128);
}
