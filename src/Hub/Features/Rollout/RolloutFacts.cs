using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>The rollout report's facts per county, read in three queries up to the end of a China date.</summary>
public static class RolloutFacts
{
    public sealed record Facts(IReadOnlyDictionary<string, CountyUse> Use, IReadOnlyDictionary<string, CountyPreparation> Preparation,
        IReadOnlyDictionary<string, (int Declarations, int Certificates)> Counts);

    private sealed record UseRow(string CountyCode, DateOnly Since, DateTimeOffset? FirstIssuance, DateTimeOffset? FirstCertificate,
        int Declarations, int Certificates);

    private sealed record FarmRow(string CountyCode, int Farms, int CompleteFarms);

    private sealed record StockRow(string CountyCode, DateTimeOffset FirstAt);

    public static async Task<Facts> LoadAsync(HubDbContext db, DateOnly asOf, CancellationToken ct)
    {
        var until = ChinaTime.Midnight(asOf.AddDays(1));
        // Since is a China date: its midnight is 16:00 UTC the day before. An issuance's county is its issuer's: the
        // county itself (一次发放) or one of its townships (二次发放), whose code starts with the county's.
        var use = await db.Database.SqlQuery<UseRow>(TagLedgerTables.RolloutUse(until)).ToListAsync(ct);
        var farms = await db.Database.SqlQueryRaw<FarmRow>(FarmTables.ActiveAndCompleteByCounty).ToListAsync(ct);
        var stock = await db.Database.SqlQuery<StockRow>(TagLedgerTables.FirstRegistrations(until)).ToListAsync(ct);

        var stockByCounty = stock.ToDictionary(s => s.CountyCode, s => s.FirstAt);
        var preparation = new Dictionary<string, CountyPreparation>();
        foreach (var f in farms)
            preparation[f.CountyCode] = new CountyPreparation(f.Farms, f.CompleteFarms,
                stockByCounty.TryGetValue(f.CountyCode, out var at) ? at : null);
        foreach (var (county, at) in stockByCounty)
            preparation.TryAdd(county, new CountyPreparation(0, 0, at));

        return new Facts(
            use.ToDictionary(u => u.CountyCode, u => new CountyUse(u.Since, u.FirstIssuance, u.FirstCertificate)),
            preparation,
            use.ToDictionary(u => u.CountyCode, u => (u.Declarations, u.Certificates)));
    }
}
