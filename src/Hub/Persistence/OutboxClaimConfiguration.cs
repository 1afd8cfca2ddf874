using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Persistence;

/// <summary>The outbox columns of claims across instances, beside the table's own mapping in <see cref="HubDbContext"/>.</summary>
public sealed class OutboxClaimConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.Property(x => x.ClaimedBy).HasMaxLength(200);
        // Two instances may hold the same rows for a moment (a takeover of an instance that was only slow, a bus message
        // redelivered). The first to save a request id wins: the other's save matches no row (request_id is no longer
        // null) and it sends under the saved id instead, so an item never travels under two ids.
        e.Property(x => x.RequestId).IsConcurrencyToken();
    }
}
