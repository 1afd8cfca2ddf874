using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// One overdue base: a crop whose cycle ended with no new cycle collected after the year's collection deadline
/// (采集逾期), a livestock record not updated for a month (月度更新逾期, 月采集制度), or a current record still not
/// accepted by the national platform after the upload deadline (上传逾期).
/// </summary>
public sealed record OverdueItem(long RecordId, string TownshipCode, string Collector, string Entity, string Product, string Kind, DateOnly Due);

/// <summary>The last run of the overdue job, kept so the list is there without measuring again.</summary>
public sealed class OriginOverdue
{
    public long Id { get; set; }
    public DateTimeOffset RunAt { get; set; }
    public DateOnly AsOf { get; set; }
    public long RecordId { get; set; }
    public required string TownshipCode { get; set; }
    public required string Collector { get; set; }
    public required string Entity { get; set; }
    public required string Product { get; set; }
    public required string Kind { get; set; }
    public DateOnly Due { get; set; }
}

public sealed class OriginOverdueConfiguration : IEntityTypeConfiguration<OriginOverdue>
{
    public void Configure(EntityTypeBuilder<OriginOverdue> e)
    {
        e.ToTable("origin_overdue");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.TownshipCode).HasMaxLength(9);
        e.Property(x => x.Collector).HasMaxLength(50);
        e.Property(x => x.Entity).HasMaxLength(100);
        e.Property(x => x.Product).HasMaxLength(32);
        e.Property(x => x.Kind).HasMaxLength(24);
        e.HasIndex(x => x.TownshipCode);
    }
}

/// <summary>Measures every in-scope record of a region against <see cref="OriginOptions.Deadlines"/> and the product's cadence.</summary>
public sealed class OverdueReport(NpgsqlDataSource data, IOptions<OriginOptions> options)
{
    public const string CollectionOverdue = "collection-overdue";
    public const string MonthlyUpdateOverdue = "monthly-update-overdue";
    public const string UploadOverdue = "upload-overdue";

    public async Task<List<OverdueItem>> MeasureAsync(string regionPrefix, DateTimeOffset at, DateOnly date, CancellationToken ct)
    {
        await using var cmd = data.CreateCommand($"""
            select r.id, r.township_code, coalesce(r.collector, ''), e.name, r.product_code, p.cadence, r.collected_at, r.market_end,
                   {OriginScope.CurrentSql} as current,
                   {Persistence.Tables.OutboxTable.LatestStatusSql("'origin-record:' || r.id", "@destination")} as upload
            from origin_record r join origin_entity e on e.id = r.entity_id join origin_product p on p.code = r.product_code
            where {(regionPrefix.Length == 0 ? "true" : OriginFilter.RegionPrefixSql(regionPrefix))} and {OriginScope.InScopeSql}
            order by r.township_code, r.collector, r.id
            """);
        cmd.Parameters.Add(OriginFilter.Timestamp("as_of", at));
        cmd.Parameters.AddWithValue("as_of_date", date);
        cmd.Parameters.AddWithValue("destination", OriginDestinations.OriginRecords);
        var items = new List<OverdueItem>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var product = reader.GetString(4);
            var monthly = reader.GetString(5) != nameof(OriginCadence.PerCycle);
            var current = reader.GetBoolean(8);
            var deadline = options.Value.DeadlineFor(product, date.Year);
            OverdueItem Item(string kind, DateOnly due) =>
                new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), product, kind, due);

            if (!current)
            {
                // Nothing of a year is overdue before its collection deadline; without one the cadence alone measures.
                if (deadline is not null && date <= deadline.CollectBy) continue;
                if (monthly)
                    items.Add(Item(MonthlyUpdateOverdue, OriginScope.ChinaDate(reader.GetFieldValue<DateTimeOffset>(6)).AddMonths(1)));
                else
                    items.Add(Item(CollectionOverdue, deadline?.CollectBy ?? (reader.IsDBNull(7) ? date : reader.GetFieldValue<DateOnly>(7).AddDays(1))));
            }
            else if (deadline is not null && date > deadline.UploadBy && (reader.IsDBNull(9) || reader.GetString(9) != nameof(DeliveryStatus.Delivered)))
                items.Add(Item(UploadOverdue, deadline.UploadBy));
        }
        return items;
    }
}
