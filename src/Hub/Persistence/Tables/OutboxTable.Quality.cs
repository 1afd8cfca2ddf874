namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>The outbox's part of the 数据质量 scorecard, in the same columns as <see cref="JournalTable.QualityItems"/>.</summary>
public static partial class OutboxTable
{
    public const string QualityRejectedDeliveries = """
          -- Deliveries the partner refused (2001) or that failed for good, by the partner they were for.
          select 'deliveriesRejected', null, split_part(o.destination, '/', 1), o.status, o.id::text
          from outbox o where o.created_at >= @from and o.created_at < @to and o.status in ('Rejected', 'Failed')
        """;
}
