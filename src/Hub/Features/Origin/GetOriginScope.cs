using System.Globalization;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// GET /api/origin/scope?region=&amp;asOf=: per township and product, the bases (records) on the supervision list
/// 监管名录, those in the collection scope 采集范围, those collected (in scope with a current record) and those missing
/// (in scope without one). Every key product appears for every township of the region, zeros included, so a township
/// that collected nothing shows as such. Beside them (严禁漏采): the planted area 附件5 declares for the year and the area
/// collected (current, in-scope records, 亩), and the registry farms and origin purchasers in the region that have no
/// current record.
/// </summary>
public static class GetOriginScope
{
    public sealed record Line(string TownshipCode, string Township, string Product, string ProductName,
        long Supervised, long InScope, long Collected, long Missing, long Entities, decimal? DeclaredArea = null, decimal CollectedArea = 0);

    /// <summary>A registry farm in a product's collection scope, or an origin purchaser, with no current record.</summary>
    public sealed record Unrecorded(string Kind, string TownshipCode, string Township, string Name, string? FarmCode, string? Product);

    public sealed record Answer(string Region, string Name, DateOnly AsOf, IReadOnlyList<Line> Lines, IReadOnlyList<Unrecorded> Unrecorded);

    public static async Task<IResult> HandleAsync(string? region, string? asOf, StaffScope scope, NpgsqlDataSource data,
        RegionDirectory regions, TimeProvider time, CancellationToken ct)
    {
        var lookup = await regions.GetAsync(ct);
        if (region is null || !(lookup.IsCounty(region) || lookup.IsTownship(region)))
            return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"region {region ?? "(none)"}: a county (6 digits) or township (9 digits) code");
        if (!scope.Overlaps(region))
            return Results.Problem(statusCode: 403, title: OriginCodes.OutsideRegionScope, detail: $"region {region} lies outside your scope {scope.Region}");
        if (!TryAsOf(asOf, time, out var at, out var date))
            return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"asOf {asOf}: yyyy-MM-dd");
        // A township account asking for its county sees its own township only.
        var narrowed = OriginFilter.Narrow(scope, region)!;
        var townships = narrowed.Length >= 9 ? [narrowed[..9]] : lookup.TownshipsOf(narrowed).ToList();

        await using var cmd = data.CreateCommand(Persistence.Tables.OriginTables.ScopeCountsSql(OriginScope.InScopeSql, OriginScope.CurrentSql,
            OriginFilter.RegionPrefixSql(narrowed)));
        cmd.Parameters.Add(OriginFilter.Timestamp("as_of", at));
        cmd.Parameters.AddWithValue("as_of_date", date);
        var counts = new Dictionary<(string, string), (long, long, long, long, decimal)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                counts[(reader.GetString(0), reader.GetString(1))] =
                    (reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetDecimal(6));
        }
        var declared = new Dictionary<(string, string), decimal>();
        await using (var dc = data.CreateCommand(Persistence.Tables.OriginTables.DeclaredAreasSql))
        {
            dc.Parameters.AddWithValue("year", date.Year);
            dc.Parameters.AddWithValue("prefix", narrowed.Length > 9 ? narrowed[..9] : narrowed);
            await using var dr = await dc.ExecuteReaderAsync(ct);
            while (await dr.ReadAsync(ct)) declared[(dr.GetString(0), dr.GetString(1))] = dr.GetDecimal(2);
        }
        var unrecorded = new List<Unrecorded>();
        await using (var uc = data.CreateCommand(Persistence.Tables.OriginTables.UnrecordedSql(OriginScope.CurrentSql)))
        {
            uc.Parameters.AddWithValue("prefix", narrowed.Length > 9 ? narrowed[..9] : narrowed);
            uc.Parameters.Add(OriginFilter.Timestamp("as_of", at));
            uc.Parameters.AddWithValue("as_of_date", date);
            await using var ur = await uc.ExecuteReaderAsync(ct);
            while (await ur.ReadAsync(ct))
                unrecorded.Add(new Unrecorded(ur.GetString(0), ur.GetString(1), lookup.NameOf(ur.GetString(1)), ur.GetString(2),
                    ur.IsDBNull(3) ? null : ur.GetString(3), ur.IsDBNull(4) ? null : ur.GetString(4)));
        }
        var products = new List<(string Code, string Name)>();
        await using (var pc = data.CreateCommand(Persistence.Tables.OriginTables.ProductsInOrderSql))
        await using (var pr = await pc.ExecuteReaderAsync(ct))
        {
            while (await pr.ReadAsync(ct)) products.Add((pr.GetString(0), pr.GetString(1)));
        }

        var lines = new List<Line>();
        foreach (var t in townships.Union(counts.Keys.Select(k => k.Item1)).Order(StringComparer.Ordinal))
        {
            foreach (var (code, name) in products)
            {
                var (supervised, inScope, collected, entities, area) = counts.GetValueOrDefault((t, code));
                lines.Add(new Line(t, lookup.NameOf(t), code, name, supervised, inScope, collected, inScope - collected, entities,
                    declared.TryGetValue((t, code), out var d) ? d : null, area));
            }
        }
        return Results.Ok(new Answer(narrowed, lookup.NameOf(narrowed), date, lines, unrecorded));
    }

    /// <summary>The instant and China date a report is measured at: the end of the asOf day, or now.</summary>
    public static bool TryAsOf(string? text, TimeProvider time, out DateTimeOffset at, out DateOnly date)
    {
        if (string.IsNullOrEmpty(text))
        {
            at = time.GetUtcNow();
            date = OriginScope.ChinaDate(at);
            return true;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && OriginRowRules.Plausible(date.Year))
        {
            at = new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), Mappings.Common.ChinaTime.Offset).ToUniversalTime();
            return true;
        }
        at = default;
        return false;
    }
}
