using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Farms;

/// <summary>GET /api/farms/{code}: one farm, with the names of its township and county.</summary>
public static class GetFarm
{
    public sealed record Details(FarmView Farm, string? TownshipName, string? CountyName, IReadOnlyList<string> MissingForDeclaration);

    public static async Task<IResult> HandleAsync(string code, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var farm = await db.Farms.AsNoTracking().Include(f => f.Stock).FirstOrDefaultAsync(f => f.Code == code, ct);
        if (farm is null || !scope.Covers(farm.RegionCode))
            return Results.Problem(statusCode: 404, title: "FARM_UNKNOWN", detail: $"the registry has not sent farm {code}");

        var names = await db.Regions.AsNoTracking()
            .Where(r => (r.Code == farm.TownshipCode || r.Code == farm.CountyCode) && r.ValidTo == null)
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        // The staff read the registry's field names: it is the registry that must fill them in.
        var missing = FarmCompleteness.Missing(farm.Name, farm.Phone, farm.Address, farm.Stock.Count)
            .Select(g => $"{g.RegistryField} {g.Name}").ToList();
        return Results.Ok(new Details(FarmView.From(farm), names.GetValueOrDefault(farm.TownshipCode),
            names.GetValueOrDefault(farm.CountyCode), missing));
    }
}
