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
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(farm.Name)) missing.Add("yzcmc 名称");
        if (string.IsNullOrWhiteSpace(farm.Phone)) missing.Add("lxdh 联系电话");
        if (farm.Stock.Count == 0) missing.Add("yzzl 养殖种类/存栏");
        if (string.IsNullOrWhiteSpace(farm.Address)) missing.Add("dz 地址");
        return Results.Ok(new Details(FarmView.From(farm), names.GetValueOrDefault(farm.TownshipCode),
            names.GetValueOrDefault(farm.CountyCode), missing));
    }
}
