using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>存栏 a farm's current stock and its history: registry baselines, 动监e通 changes, certificates.</summary>
public static class GetFarmStock
{
    public static async Task<IResult> HandleAsync(string code, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var farm = await db.Farms.AsNoTracking().Include(f => f.Stock).FirstOrDefaultAsync(f => f.Code == code, ct);
        if (farm is null || !scope.Covers(farm.RegionCode)) return Results.Problem(statusCode: 404, title: DeclarationCodes.FarmUnknown, detail: $"no farm {code}");
        var history = await db.StockChanges.AsNoTracking().Where(c => c.FarmCode == code)
            .OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new
            {
                at = c.At, species = c.Species.ToString(), kind = c.Kind.ToString(), c.Count, c.Delta, c.Applied, c.StockAfter,
                id = c.PartnerId, c.JournalId, c.RecordedAt,
            })
            .ToListAsync(ct);
        return Results.Ok(new
        {
            farm = farm.Code,
            baselineAt = farm.RegistryUpdatedAt,
            stock = farm.Stock.OrderBy(s => s.Species).Select(s => new { species = s.Species.ToString(), s.Count }),
            history,
        });
    }
}
