using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Messaging;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// PUT /api/origin/records/{id}/location {"longitude","latitude"}: the point after a field visit (seed 四(一): batch
/// first, then 逐个精准完善点位). The old point is kept in the history with who moved it and when; a moved point is
/// uploaded again, the same point is not.
/// </summary>
public static class RefineOriginLocation
{
    public sealed record Request(decimal? Longitude, decimal? Latitude);

    public static async Task<IResult> HandleAsync(long id, Request? body, StaffScope scope, HubDbContext db, IServiceProvider services,
        TimeProvider time, CancellationToken ct)
    {
        if (body?.Longitude is not { } x || body.Latitude is not { } y)
            return Results.Problem(statusCode: 400, title: OriginCodes.CoordIncomplete, detail: "send {\"longitude\", \"latitude\"}, both");
        if (x is < 73 or > 136 || y is < 3 or > 54)
            return Results.Problem(statusCode: 422, title: OriginCodes.CoordOutOfRange, detail: $"({x}, {y}) is not in China: longitude 73–136, latitude 3–54");

        var record = await db.Set<OriginRecord>().Include(r => r.Entity).Include(r => r.Product).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (record is null || !scope.Overlaps(record.RegionCode))
            return StaffScope.NotFound(OriginCodes.RecordUnknown, $"no origin record {id}");
        if (scope.RefuseWrite(record.RegionCode, $"origin record {id}") is { } refused) return refused;

        var point = OriginCanonical.PointOf(x, y)!;
        var now = time.GetUtcNow();
        if (record.Location is null || !record.Location.EqualsExact(point))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Add(new OriginLocationChange { RecordId = id, From = record.Location, To = point, Source = "refine", ChangedBy = scope.UserName, ChangedAt = now });
            AuditLog.Add(db, scope, "origin.location", OriginDestinations.RecordKey(id), record.RegionCode,
                new { from = record.Location is { } f ? new[] { f.X, f.Y } : null, to = new[] { point.X, point.Y } }, now);
            record.Location = point;
            var hash = OriginCanonical.Hash(record, record.Entity, record.Product);
            if (hash != record.ContentHash)
            {
                record.ContentHash = hash;
                record.UpdatedAt = now;
                await Persistence.Tables.OutboxTable.InsertAsync(db, [OriginCanonical.Outbox(record, record.Entity, record.Product)], null, now, ct);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            services.GetService<OutboxSignal>()?.Notify();
            if (services.GetService<OnlineChecks>() is { } checks) await checks.RunAfterWriteAsync([id], ct);
        }
        return Results.Ok(await GetOriginRecord.LoadAsync(db, id, ct));
    }
}
