using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Farms;

/// <summary>GET /api/farms: farms by county, township, species kept and free text (code, name, contact, address).</summary>
public static class ListFarms
{
    public sealed record Query(string? County, string? Township, string? Species, string? Text, int? Offset, int? Limit);

    public sealed record Page(int Total, IReadOnlyList<FarmView> Items);

    public static async Task<IResult> HandleAsync([AsParameters] Query q, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        Species? species = null;
        if (q.Species is not null)
        {
            if (!Enum.TryParse<Species>(q.Species, ignoreCase: true, out var s) || !Enum.IsDefined(s))
                return Results.Problem(statusCode: 400, title: "INVALID_SPECIES",
                    detail: "species must be pig, cattle or sheep (or the partner code 1, 2, 3)");
            species = s;
        }
        var limit = Math.Clamp(q.Limit ?? 50, 1, 500);
        var offset = Math.Max(q.Offset ?? 0, 0);

        // Lists show what lies in the caller's region and nothing else.
        var query = db.Farms.AsNoTracking().Where(f => f.RegionCode.StartsWith(scope.Region));
        if (q.County is not null) query = query.Where(f => f.CountyCode == q.County);
        if (q.Township is not null) query = query.Where(f => f.TownshipCode == q.Township);
        if (species is not null) query = query.Where(f => f.Stock.Any(s => s.Species == species));
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            var pattern = "%" + q.Text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(f => EF.Functions.ILike(f.Code, pattern) || EF.Functions.ILike(f.Name!, pattern)
                || EF.Functions.ILike(f.ContactName!, pattern) || EF.Functions.ILike(f.Address!, pattern));
        }

        var total = await query.CountAsync(ct);
        var farms = await query.OrderBy(f => f.Code).Skip(offset).Take(limit).Include(f => f.Stock).ToListAsync(ct);
        return Results.Ok(new Page(total, farms.Select(FarmView.From).ToList()));
    }
}
