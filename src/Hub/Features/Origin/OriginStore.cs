using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using NetTopologySuite.Geometries;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>What one write of origin rows did.</summary>
public sealed record OriginWriteSummary(int Rows, int Created, int Updated, int Unchanged, int EntitiesCreated, IReadOnlyList<long> RecordIds);

/// <summary>
/// Writes checked rows: entity found by county and name or created, record found by its key (entity, product, base
/// address, cycle) or created, every change of point kept, and an outbox row for each new or changed record, all in
/// one transaction. An unchanged row changes nothing and uploads nothing.
/// </summary>
public sealed class OriginStore(HubDbContext db, IServiceProvider services)
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public static Point? PointOf(decimal? longitude, decimal? latitude) =>
        longitude is { } x && latitude is { } y ? Wgs84.CreatePoint(new Coordinate((double)x, (double)y)) : null;

    /// <returns>The summary, or the rows whose key repeats in the batch (nothing written then).</returns>
    public async Task<(OriginWriteSummary? Done, List<OriginProblem> Problems)> WriteAsync(
        IReadOnlyList<OriginInput> rows, string actor, string source, DateTimeOffset now, CancellationToken ct)
    {
        var problems = new List<OriginProblem>();
        var seen = new Dictionary<(string, string, string, string, string), int>();
        foreach (var row in rows)
        {
            var key = (row.CountyCode, row.EntityName, row.Product.Code, row.BaseAddress, row.Cycle);
            if (seen.TryGetValue(key, out var first))
                problems.Add(new OriginProblem(row.Row, OriginColumns.HeaderOf(OriginColumn.BaseAddress), OriginCodes.DuplicateRow,
                    $"the same entity, product, base address and cycle as row {first}: one record per base/plot and cycle"));
            else seen[key] = row.Row;
        }
        if (problems.Count > 0) return (null, problems);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await WriteOnceAsync(rows, actor, source, now, ct), problems);
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another write created the same entity or record meanwhile: read again and apply on top of it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<OriginWriteSummary> WriteOnceAsync(IReadOnlyList<OriginInput> rows, string actor, string source, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var counties = rows.Select(r => r.CountyCode).Distinct().ToList();
        var names = rows.Select(r => r.EntityName).Distinct().ToList();
        var entities = (await db.Set<OriginEntity>().Where(e => counties.Contains(e.CountyCode) && names.Contains(e.Name)).ToListAsync(ct))
            .ToDictionary(e => (e.CountyCode, e.Name));
        var entityIds = entities.Values.Select(e => e.Id).ToList();
        var products = rows.Select(r => r.Product.Code).Distinct().ToList();
        var existing = (await db.Set<OriginRecord>().Where(r => entityIds.Contains(r.EntityId) && products.Contains(r.ProductCode)).ToListAsync(ct))
            .ToDictionary(r => (r.EntityId, r.ProductCode, r.BaseAddress, r.Cycle));
        var productRows = await db.Set<OriginProduct>().AsNoTracking().ToDictionaryAsync(p => p.Code, ct);

        var entitiesCreated = 0;
        var touched = new List<(OriginRecord Record, OriginEntity Entity, bool Created, Point? OldPoint, bool Moved)>(rows.Count);
        foreach (var row in rows)
        {
            if (!entities.TryGetValue((row.CountyCode, row.EntityName), out var entity))
            {
                entity = new OriginEntity { Name = row.EntityName, CountyCode = row.CountyCode, CreatedAt = now };
                db.Add(entity);
                entities[(row.CountyCode, row.EntityName)] = entity;
                entitiesCreated++;
            }
            // The latest row speaks for the entity; blank cells keep what is known.
            entity.Type = row.EntityType;
            entity.Purchaser |= row.Purchaser;
            entity.ContactName = row.ContactName ?? entity.ContactName;
            entity.Phone = row.Phone ?? entity.Phone;
            entity.CreditRating = row.CreditRating ?? entity.CreditRating;
            entity.UpdatedAt = now;

            OriginRecord? record = null;
            var created = entity.Id == 0 || !existing.TryGetValue((entity.Id, row.Product.Code, row.BaseAddress, row.Cycle), out record);
            if (created)
            {
                record = new OriginRecord
                {
                    Entity = entity, ProductCode = row.Product.Code, RegionCode = row.RegionCode, CountyCode = row.CountyCode,
                    TownshipCode = row.TownshipCode, ContentHash = "", CreatedAt = now, CreatedBy = actor, BaseAddress = row.BaseAddress, Cycle = row.Cycle,
                };
                db.Add(record);
            }
            var oldPoint = record!.Location;
            record.Scale = row.Scale;
            record.Unit = row.Product.Unit;
            record.RegionCode = row.RegionCode;
            record.CountyCode = row.CountyCode;
            record.TownshipCode = row.TownshipCode;
            // Blank coordinates keep the point a field visit gave: a sheet sent again must not erase it.
            var point = PointOf(row.Longitude, row.Latitude);
            var moved = point is not null && (oldPoint is null || !oldPoint.EqualsExact(point));
            if (moved) record.Location = point;
            record.MarketStart = row.MarketStart;
            record.MarketEnd = row.MarketEnd;
            record.ProductionMode = row.ProductionMode;
            record.TraceMethods = row.TraceMethods;
            record.GridSupervisor = row.GridSupervisor;
            record.GridSupervisorPhone = row.GridSupervisorPhone;
            record.Collector = row.Collector;
            record.CollectorPhone = row.CollectorPhone;
            record.CollectedAt = row.CollectedAt;
            record.FarmCode = row.FarmCode ?? record.FarmCode;
            touched.Add((record, entity, created, oldPoint, moved));
        }

        var changed = new List<(OriginRecord, OriginEntity)>();
        int updated = 0, unchanged = 0;
        foreach (var (record, entity, created, _, _) in touched)
        {
            var hash = OriginCanonical.Hash(record, entity, productRows[record.ProductCode]);
            if (!created && hash == record.ContentHash) { unchanged++; continue; }
            if (!created) updated++;
            record.ContentHash = hash;
            record.UpdatedAt = now;
            changed.Add((record, entity));
        }
        await db.SaveChangesAsync(ct);

        foreach (var (record, _, _, oldPoint, moved) in touched.Where(t => t.Moved))
            db.Add(new OriginLocationChange { RecordId = record.Id, From = oldPoint, To = record.Location, Source = source, ChangedBy = actor, ChangedAt = now });
        foreach (var (record, entity) in changed)
            db.Outbox.Add(NewOutbox(record, entity, productRows[record.ProductCode], now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (changed.Count > 0) services.GetService<OutboxSignal>()?.Notify();

        return new OriginWriteSummary(rows.Count, touched.Count(t => t.Created), updated, unchanged, entitiesCreated,
            touched.Select(t => t.Record.Id).ToList());
    }

    public static OutboxMessage NewOutbox(OriginRecord record, OriginEntity entity, OriginProduct product, DateTimeOffset now) => new()
    {
        Destination = OriginDestinations.OriginRecords,
        EntityKey = OriginDestinations.RecordKey(record.Id),
        Payload = OriginCanonical.Payload(record, entity, product),
        CreatedAt = now,
        Status = DeliveryStatus.Pending,
    };
}
