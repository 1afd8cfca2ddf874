using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>
/// GET /api/trace-drills?county=&amp;from=&amp;to=: the drills of the counties in the caller's scope between two days
/// (China time, default the last 30), summed per county and listed run by run, newest first.
/// </summary>
public static class ListTraceDrills
{
    public sealed record CountyFigures(string County, string CountyName, int Runs, int Sampled, int Traced, int Complete,
        int CertificateWithoutDeclaration, int DestinationFarmUnknown, int CertificateNotHeldNationally, double MeanTraceMs, double MaxTraceMs);

    public sealed record Run(long Id, string County, DateOnly Day, DateTimeOffset RanAt, int Sampled, int Traced, int Complete,
        int CertificateWithoutDeclaration, int DestinationFarmUnknown, int CertificateNotHeldNationally, double ElapsedMs, double MaxTraceMs,
        System.Text.Json.JsonElement Gaps);

    public static async Task<IResult> HandleAsync(string? county, DateOnly? from, DateOnly? to, HubDbContext db, RegionDirectory directory,
        StaffScope scope, TimeProvider time, CancellationToken ct)
    {
        if (county is not null && (county.Length != 6 || !county.All(char.IsAsciiDigit)))
            return Results.Problem(statusCode: 400, title: "COUNTY_INVALID", detail: "county is a 6-digit county code");
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(ChinaTime.Offset).DateTime);
        var last = to ?? today;
        var first = from ?? last.AddDays(-30);
        if (last < first) return Results.Problem(statusCode: 400, title: "DATE_RANGE_INVALID", detail: "to must not be before from");

        var query = db.Set<TraceDrillRecord>().AsNoTracking().Where(d => d.Day >= first && d.Day <= last);
        if (county is not null) query = query.Where(d => d.CountyCode == county);
        var rows = (await query.OrderByDescending(d => d.RanAt).Take(5000).ToListAsync(ct)).Where(d => scope.Overlaps(d.CountyCode)).ToList();
        var regions = await directory.GetAsync(ct);

        var counties = rows.GroupBy(d => d.CountyCode).OrderBy(g => g.Key).Select(g => new CountyFigures(g.Key, regions.NameOf(g.Key), g.Count(),
            g.Sum(d => d.Sampled), g.Sum(d => d.Traced), g.Sum(d => d.Complete), g.Sum(d => d.CertificateWithoutDeclaration),
            g.Sum(d => d.DestinationFarmUnknown), g.Sum(d => d.CertificateNotHeldNationally),
            g.Sum(d => d.Traced) > 0 ? Math.Round(g.Sum(d => d.ElapsedMs) / g.Sum(d => d.Traced), 2) : 0, g.Max(d => d.MaxTraceMs))).ToList();
        var runs = rows.Select(d => new Run(d.Id, d.CountyCode, d.Day, d.RanAt, d.Sampled, d.Traced, d.Complete, d.CertificateWithoutDeclaration,
            d.DestinationFarmUnknown, d.CertificateNotHeldNationally, d.ElapsedMs, d.MaxTraceMs,
            System.Text.Json.JsonDocument.Parse(d.Gaps).RootElement.Clone())).ToList();
        return Results.Ok(new { from = first, to = last, counties, runs });
    }

    /// <summary>POST /api/trace-drills {county?}: run the drill now instead of waiting for the night (audited).</summary>
    public sealed record StartRequest(string? County);

    public static async Task<IResult> StartAsync(StartRequest? body, TraceDrills drills, HubDbContext db, StaffScope scope, TimeProvider time,
        CancellationToken ct)
    {
        var county = body?.County;
        if (county is not null && (county.Length != 6 || !county.All(char.IsAsciiDigit)))
            return Results.Problem(statusCode: 400, title: "COUNTY_INVALID", detail: "county is a 6-digit county code");
        var records = await drills.RunAsync(county, ct);
        AuditLog.Add(db, scope, "trace-drill.run", county ?? "all", county, new { counties = records.Count, traced = records.Sum(r => r.Traced) }, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return Results.Ok(new
        {
            runs = records.Select(d => new { d.Id, county = d.CountyCode, d.Day, d.Sampled, d.Traced, d.Complete, d.CertificateWithoutDeclaration,
                d.DestinationFarmUnknown, d.CertificateNotHeldNationally, d.ElapsedMs, d.MaxTraceMs }),
        });
    }
}
