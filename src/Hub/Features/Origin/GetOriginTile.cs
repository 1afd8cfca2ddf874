using EarTagTrace.Hub.Access;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// GET /api/origin/map/tiles/{z}/{x}/{y}.mvt: Mapbox vector tiles made by PostGIS (ST_AsMVT), layer "origin", under the
/// same filters as the GeoJSON. Below zoom <see cref="ClusterBelowZoom"/> points are merged per 1/64 of the tile (in
/// degrees) with a count and scale sum: a province tile of a million points would otherwise carry them all.
/// </summary>
public static class GetOriginTile
{
    public const int ClusterBelowZoom = 10;
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    public static async Task<IResult> HandleAsync(int z, int x, string y, [AsParameters] OriginFilter filter, StaffScope scope,
        NpgsqlDataSource data, CancellationToken ct)
    {
        var yText = y.EndsWith(".mvt", StringComparison.OrdinalIgnoreCase) ? y[..^4] : y;
        if (z is < 0 or > 22 || !int.TryParse(yText, out var yy) || x < 0 || yy < 0 || x >= 1 << z || yy >= 1 << z)
            return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"tile {z}/{x}/{y}: 0 ≤ z ≤ 22, 0 ≤ x, y < 2^z");
        var (where, parameters, problem) = filter.ToSql(scope);
        if (problem is not null) return problem;
        if (where is null) return Results.Bytes([], ContentType);

        // The tile's envelope in 4326 goes through the GiST index on the geography; ST_AsMVTGeom works in 3857.
        var entityJoin = string.IsNullOrWhiteSpace(filter.EntityType) ? "" : "join origin_entity e on e.id = r.entity_id";
        // PostgreSQL writes the tile, past ViewerMasking: a viewer's tiles carry person-named entities masked.
        var entityName = scope.IsViewerOnly ? ViewerMasking.MaskEntityNameSql : "e.name";
        var sql = z < ClusterBelowZoom
            // Points are merged per cell of 1/64 of the tile in degrees before anything is projected: projecting and
            // clipping each of a z8 tile's 100,000 points was the tile's whole cost.
            ? $"""
              with bounds as (select st_tileenvelope(@z, @x, @y) as g),
              cells as (
                select count(*) as count, sum(r.scale) as scale, avg(st_x(r.location::geometry)) as lon, avg(st_y(r.location::geometry)) as lat
                from origin_record r {entityJoin}, bounds b
                where r.location is not null and r.location && st_transform(b.g, 4326)::geography and {where}
                group by floor(st_x(r.location::geometry) / @cell), floor(st_y(r.location::geometry) / @cell)),
              mvt as (
                select st_asmvtgeom(st_transform(st_setsrid(st_makepoint(c.lon, c.lat), 4326), 3857), b.g, 4096, 64, true) as geom, c.count, c.scale
                from cells c, bounds b)
              select st_asmvt(mvt.*, 'origin', 4096, 'geom') from mvt where geom is not null
              """
            : $"""
              with bounds as (select st_tileenvelope(@z, @x, @y) as g),
              mvt as (
                select st_asmvtgeom(st_transform(r.location::geometry, 3857), b.g, 4096, 64, true) as geom,
                       r.id, {entityName} as entity, e.type as entity_type, r.product_code as product, r.scale, r.unit, r.region_code
                from origin_record r join origin_entity e on e.id = r.entity_id, bounds b
                where r.location is not null and r.location && st_transform(b.g, 4326)::geography and {where})
              select st_asmvt(mvt.*, 'origin', 4096, 'geom') from mvt where geom is not null
              """;
        await using var cmd = data.CreateCommand(sql);
        cmd.Parameters.AddWithValue("z", z);
        cmd.Parameters.AddWithValue("x", x);
        cmd.Parameters.AddWithValue("y", yy);
        if (z < ClusterBelowZoom) cmd.Parameters.AddWithValue("cell", 360.0 / (1 << z) / 64);
        cmd.Parameters.AddRange(parameters.ToArray());
        var tile = await cmd.ExecuteScalarAsync(ct) as byte[] ?? [];
        return Results.Bytes(tile, ContentType);
    }
}
