using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Common;
using Npgsql;

namespace EarTagTrace.Hub.Ledger;

/// <summary>What the declaration rules ask of the rollout: may this county use the new function at this moment?</summary>
public static class CountyRolloutRules
{
    /// <summary>
    /// The rule as an SQL condition, for the statement that reads it with the rest of a declaration's farm: true when
    /// the county (<paramref name="countyColumn"/>) is switched on and its start date (a China date) is on or before
    /// <paramref name="dayParameter"/>, the CST date (<see cref="ChinaDate"/>) of the moment asked about.
    /// </summary>
    public static string EnabledSql(string countyColumn, string dayParameter) =>
        Persistence.Tables.QuarantineTables.CountyEnabledSql(countyColumn, dayParameter);

    private static readonly string IsEnabledSql = $"select {EnabledSql("@county", "@day")} as \"Value\"";

    /// <summary>True when the county is switched on and its start date (a China date) is on or before the CST date of <paramref name="at"/>.</summary>
    public static Task<bool> IsEnabledAsync(HubDbContext db, string countyCode, DateTimeOffset at, CancellationToken ct) =>
        db.Database.SqlQueryRaw<bool>(IsEnabledSql,
            new NpgsqlParameter<string>("county", countyCode), new NpgsqlParameter<DateOnly>("day", ChinaDate(at))).SingleAsync(ct);

    public static DateOnly ChinaDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ChinaTime.Offset).DateTime);

}
