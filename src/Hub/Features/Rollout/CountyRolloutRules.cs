using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Features.Rollout;

/// <summary>What the declaration rules ask of the rollout: may this county use the new function at this moment?</summary>
public static class CountyRolloutRules
{
    /// <summary>True when the county is switched on and its start date (a China date) is on or before the CST date of <paramref name="at"/>.</summary>
    public static Task<bool> IsEnabledAsync(HubDbContext db, string countyCode, DateTimeOffset at, CancellationToken ct)
    {
        var day = ChinaDate(at);
        return db.CountyRollouts.AnyAsync(r => r.CountyCode == countyCode && r.Enabled && r.Since <= day, ct);
    }

    public static DateOnly ChinaDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ChinaTime.Offset).DateTime);

    /// <summary>The UTC instant a China date begins.</summary>
    public static DateTimeOffset ChinaMidnight(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
}
