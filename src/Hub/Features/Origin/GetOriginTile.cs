using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence.Tables;
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
        // PostgreSQL writes the tile, past ViewerMasking: a viewer's tiles carry person-named entities masked.
        var entityName = scope.IsViewerOnly ? ViewerMasking.MaskEntityNameSql : "e.name";
        var sql = OriginTables.TileSql(clustered: z < ClusterBelowZoom, joinEntity: !string.IsNullOrWhiteSpace(filter.EntityType), entityName, where);
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
