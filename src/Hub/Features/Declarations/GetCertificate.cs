using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>产地检疫合格证明 with its declaration, farm, tags and where its upload to the national platform stands.</summary>
public static class GetCertificate
{
    public static async Task<IResult> HandleAsync(string zmbh, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var cert = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Number == zmbh, ct);
        var farmRegion = cert is null ? null
            : await db.Farms.AsNoTracking().Where(f => f.Code == cert.FarmCode).Select(f => f.RegionCode).FirstOrDefaultAsync(ct);
        if (cert is null || !scope.Covers(farmRegion))
            return Results.Problem(statusCode: 404, title: "CERTIFICATE_UNKNOWN", detail: $"no certificate {zmbh}");
        var declaration = await db.Declarations.AsNoTracking().FirstAsync(d => d.Id == cert.DeclarationId, ct);
        var farm = await db.Farms.AsNoTracking().Where(f => f.Code == cert.FarmCode)
            .Select(f => new { f.Code, f.Name, f.CountyCode, f.TownshipCode, f.Address }).FirstAsync(ct);
        var used = await db.TagEvents.AsNoTracking().Where(e => e.Kind == TagEventKind.Used && e.RefId == zmbh)
            .Select(e => e.TagRange).ToListAsync(ct);
        // The ranges as the tags they hold (PostgreSQL answers [first, last + 1)).
        var tags = used.SelectMany(r => Enumerable.Range(0, (int)(r.UpperBound - r.LowerBound)).Select(i => r.LowerBound + i)).Order().ToList();
        var deliveries = await db.Outbox.AsNoTracking().Where(o => o.EntityKey == "certificate:" + zmbh)
            .OrderBy(o => o.Id)
            .Select(o => new { o.Destination, status = o.Status.ToString(), o.Attempts, o.LastError, o.RequestId, o.CompletedAt })
            .ToListAsync(ct);
        return Results.Ok(new
        {
            certificate = Describe(cert),
            declaration = new
            {
                declaration.Id, declaration.HeadCount, declaration.DestinationCode, declaration.DestinationAddress,
                purpose = declaration.Purpose.ToString(), declaration.DeclaredAt, declaration.JournalId,
            },
            farm,
            tags = tags.Select(TagNumber.Format).ToList(),
            deliveries,
        });
    }

    private static object Describe(Certificate c) => new
    {
        c.Number, type = c.Type.ToString(), c.DeclarationId, c.FarmCode, c.CountyCode, species = c.Species.ToString(), c.HeadCount,
        c.OriginCode, c.OriginAddress, c.DestinationCode, c.DestinationAddress, c.Carrier, c.Plate, c.Vet, c.IssuedAt, c.ValidDays,
        validUntil = c.IssuedAt.AddDays(c.ValidDays), c.JournalId,
    };
}
