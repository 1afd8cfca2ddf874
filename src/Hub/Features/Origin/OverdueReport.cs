using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// One overdue base: a crop whose cycle ended with no new cycle collected after the year's collection deadline
/// (采集逾期), a livestock record not updated for a month (月度更新逾期, 月采集制度), or a current record still not
/// accepted by the national platform after the upload deadline (上传逾期). A township that collected nothing, and a
/// registry farm in the collection scope with no current record, have no record to point at: their RecordId is 0.
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
    /// <summary>A township of a collecting county with no in-scope record at all once a collection deadline passed.</summary>
    public const string TownshipNotCollected = "township-not-collected";
    /// <summary>A registry farm whose stock puts it in a product's collection scope, with no current record of it.</summary>
    public const string FarmNotCollected = "farm-not-collected";

    public async Task<List<OverdueItem>> MeasureAsync(string regionPrefix, DateTimeOffset at, DateOnly date, CancellationToken ct)
    {
        await using var cmd = data.CreateCommand(Persistence.Tables.OriginTables.OverdueRecordsSql(OriginScope.CurrentSql,
            Persistence.Tables.OutboxTable.LatestStatusSql("'origin-record:' || r.id", "@destination"),
            regionPrefix.Length == 0 ? "true" : OriginFilter.RegionPrefixSql(regionPrefix), OriginScope.InScopeSql));
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
        await reader.DisposeAsync();
        items.AddRange(await UncollectedAsync(regionPrefix, at, date, ct));
        return items;
    }

    /// <summary>
    /// 严禁漏采: what has no record to be late with. A township of a collecting county with no in-scope record once the
    /// year's first collection deadline passed; a registry farm whose stock reaches a livestock product's threshold
    /// with no current record of that product (linked by farm code, or by the same name in the county), once that
    /// product's deadline passed.
    /// </summary>
    private async Task<List<OverdueItem>> UncollectedAsync(string regionPrefix, DateTimeOffset at, DateOnly date, CancellationToken ct)
    {
        var items = new List<OverdueItem>();
        var passed = options.Value.Deadlines.Where(d => d.Year == date.Year && date > d.CollectBy).ToList();
        if (passed.Count == 0) return items;
        var counties = options.Value.Counties.ToArray();
        await using (var townships = data.CreateCommand(Persistence.Tables.OriginTables.UncollectedTownshipsSql((int)RegionLevel.Township, OriginScope.InScopeSql)))
        {
            townships.Parameters.AddWithValue("counties", counties);
            townships.Parameters.AddWithValue("prefix", Township(regionPrefix));
            townships.Parameters.Add(OriginFilter.Timestamp("as_of", at));
            var due = passed.Min(d => d.CollectBy);
            await using var reader = await townships.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                items.Add(new OverdueItem(0, reader.GetString(0), "", "", "", TownshipNotCollected, due));
        }
        await using (var farms = data.CreateCommand(Persistence.Tables.OriginTables.UncollectedFarmsSql(OriginScope.CurrentSql)))
        {
            farms.Parameters.AddWithValue("counties", counties);
            farms.Parameters.AddWithValue("prefix", Township(regionPrefix));
            farms.Parameters.Add(OriginFilter.Timestamp("as_of", at));
            farms.Parameters.AddWithValue("as_of_date", date);
            await using var reader = await farms.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var product = reader.GetString(2);
                if (options.Value.DeadlineFor(product, date.Year) is { } deadline && date > deadline.CollectBy)
                    items.Add(new OverdueItem(0, reader.GetString(0), "", reader.GetString(1), product, FarmNotCollected, deadline.CollectBy));
            }
        }
        return items;
    }

    // A village filter narrows to its township: townships and farms are measured per township.
    private static string Township(string prefix) => prefix.Length > 9 ? prefix[..9] : prefix;
}
