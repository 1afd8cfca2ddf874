using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// GET /api/origin/stats?groupBy=region|product: records, entities and scale sums per unit (亩, 头, 只 are not added
/// together) under the map's filters. By region, the groups are one level below the region asked for: counties of a
/// province, townships of a county, villages of a township. The entity table is joined only for an entityType filter:
/// over a province's million records the join was half the time.
/// </summary>
public static class GetOriginStats
{
    public sealed record Group(string Key, string Name, long Records, long Located, long Entities, decimal Mu, decimal Head, decimal Bird);

    public sealed record Answer(string GroupBy, string Region, IReadOnlyList<Group> Groups, Group Total);

    public static async Task<IResult> HandleAsync(string? groupBy, [AsParameters] OriginFilter filter, StaffScope scope,
        NpgsqlDataSource data, RegionDirectory regions, CancellationToken ct)
    {
        groupBy ??= "region";
        if (groupBy is not ("region" or "product"))
            return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"groupBy {groupBy}: region or product");
        var (where, parameters, problem) = filter.ToSql(scope);
        if (problem is not null) return problem;
        var region = OriginFilter.Narrow(scope, filter.Region) ?? "";
        var empty = new Group("total", "合计", 0, 0, 0, 0, 0, 0);
        if (where is null) return Results.Ok(new Answer(groupBy, region, [], empty));

        var length = region.Length switch { <= 2 => 6, <= 6 => 9, _ => 12 };
        var key = groupBy == "product" ? "r.product_code" : $"left(r.region_code, {length})";
        await using var cmd = data.CreateCommand(OriginTables.StatsSql(key, joinEntity: !string.IsNullOrWhiteSpace(filter.EntityType), where));
        cmd.Parameters.AddRange(parameters.ToArray());
        var lookup = await regions.GetAsync(ct);
        var names = new Dictionary<string, string>();
        if (groupBy == "product")
        {
            await using var products = data.CreateCommand(OriginTables.ProductNamesSql);
            await using var pr = await products.ExecuteReaderAsync(ct);
            while (await pr.ReadAsync(ct)) names[pr.GetString(0)] = pr.GetString(1);
        }
        var groups = new List<Group>();
        var total = empty;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var k = reader.IsDBNull(0) ? null : reader.GetString(0);
            var name = k is null ? "合计" : groupBy == "product" ? names.GetValueOrDefault(k, k) : lookup.NameOf(k);
            var g = new Group(k ?? "total", name, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6));
            if (k is null) total = g; else groups.Add(g);
        }
        return Results.Ok(new Answer(groupBy, region, groups, total));
    }
}
