using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// GET /api/origin/records?region=&amp;product=&amp;q=&amp;after=&amp;limit=: records in the caller's scope, by region
/// prefix, product (code or 产品名称) and entity name, ordered by id and paged by keyset (<c>after</c> = the last id seen).
/// </summary>
public static class ListOriginRecords
{
    public sealed record Query(string? Region, string? Product, string? Q, long? After, int? Limit);

    public sealed record Page(IReadOnlyList<OriginRecordView> Items, long? Next);

    public static async Task<IResult> HandleAsync([AsParameters] Query q, StaffScope scope, HubDbContext db, CancellationToken ct)
    {
        if (q.Region is { } r && !(r.Length is 2 or 4 or 6 or 9 or 12 && r.All(char.IsAsciiDigit)))
            return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"region {r}: a 2, 4, 6, 9 or 12-digit region code");
        var limit = Math.Clamp(q.Limit ?? 100, 1, 500);
        var region = OriginFilter.Narrow(scope, q.Region);
        if (region is null) return Results.Ok(new Page([], null));

        var query = db.Set<OriginRecord>().AsNoTracking().Include(x => x.Entity).Include(x => x.Product)
            .Where(x => x.RegionCode.StartsWith(region));
        if (!string.IsNullOrWhiteSpace(q.Product))
        {
            var p = q.Product.Trim();
            query = query.Where(x => x.ProductCode == p || x.Product.Name == p);
        }
        if (!string.IsNullOrWhiteSpace(q.Q))
        {
            var pattern = "%" + q.Q.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(x => EF.Functions.ILike(x.Entity.Name, pattern));
        }
        if (q.After is { } after) query = query.Where(x => x.Id > after);
        var rows = await query.OrderBy(x => x.Id).Take(limit + 1).ToListAsync(ct);
        var items = rows.Take(limit).Select(x => OriginRecordView.From(x, x.Entity, x.Product)).ToList();
        return Results.Ok(new Page(items, rows.Count > limit ? items[^1].Id : null));
    }
}
