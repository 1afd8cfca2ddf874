using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>GET /api/origin/records/{id}: the record, every change of its point, its rapid tests and its national upload.</summary>
public static class GetOriginRecord
{
    public sealed record LocationChange(decimal? FromLongitude, decimal? FromLatitude, decimal? Longitude, decimal? Latitude,
        string Source, string ChangedBy, DateTimeOffset ChangedAt);

    public sealed record Upload(string Status, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

    /// <param name="Contact">Who to call about this record and its upload (附件2), for its township.</param>
    public sealed record Detail(OriginRecordView Record, IReadOnlyList<LocationChange> LocationHistory,
        IReadOnlyList<RecordRapidTest.View> RapidTests, Upload? NationalUpload, OriginContacts.ToCall? Contact);

    public static async Task<IResult> HandleAsync(long id, StaffScope scope, HubDbContext db, CancellationToken ct)
    {
        var detail = await LoadAsync(db, id, ct);
        if (detail is null || !scope.Overlaps(detail.Record.RegionCode))
            return StaffScope.NotFound(OriginCodes.RecordUnknown, $"no origin record {id}");
        return Results.Ok(detail);
    }

    public static async Task<Detail?> LoadAsync(HubDbContext db, long id, CancellationToken ct)
    {
        var record = await db.Set<OriginRecord>().AsNoTracking().Include(r => r.Entity).Include(r => r.Product)
            .FirstOrDefaultAsync(r => r.Id == id, ct);
        if (record is null) return null;
        var history = await db.Set<OriginLocationChange>().AsNoTracking().Where(c => c.RecordId == id).OrderBy(c => c.Id).ToListAsync(ct);
        var tests = await db.Set<OriginRapidTest>().AsNoTracking().Where(t => t.RecordId == id).OrderBy(t => t.Id).ToListAsync(ct);
        var key = OriginDestinations.RecordKey(id);
        var upload = await db.Outbox.AsNoTracking().Where(o => o.EntityKey == key && o.Destination == OriginDestinations.OriginRecords)
            .OrderByDescending(o => o.Id).FirstOrDefaultAsync(ct);
        var contact = (await OriginContacts.ToCallAsync(db, [record.TownshipCode], ct)).GetValueOrDefault(record.TownshipCode);
        return new Detail(
            OriginRecordView.From(record, record.Entity, record.Product),
            history.Select(c => new LocationChange(
                Coord(c.From?.X), Coord(c.From?.Y), Coord(c.To?.X), Coord(c.To?.Y), c.Source, c.ChangedBy, c.ChangedAt)).ToList(),
            tests.Select(RecordRapidTest.View.From).ToList(),
            upload is null ? null : new Upload(upload.Status.ToString(), upload.Attempts, upload.LastError, upload.CreatedAt, upload.CompletedAt),
            contact);
    }

    private static decimal? Coord(double? value) => value is { } v ? Math.Round((decimal)v, 6) : null;
}
