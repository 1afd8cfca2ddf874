using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Features.FarmQr;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.StaffConsole;

/// <summary>
/// The few calls the console's pages need that no other endpoint answers: the map's optional base layer, the
/// county outlines as tiles, and a township's QR labels in one answer (one call per farm would run into the staff
/// rate limit on a township of a few hundred farms).
/// </summary>
public static class ConsoleApi
{
    public static IServiceCollection AddConsoleApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RegionBoundaries>();
        services.Configure<ConsoleOptions>(configuration.GetSection(ConsoleOptions.Section));
        return services;
    }

    public static RouteGroupBuilder MapConsoleApi(this RouteGroupBuilder staff)
    {
        staff.MapGet("/api/console/config", (IOptions<ConsoleOptions> options) => Results.Ok(new
            {
                baseLayer = string.IsNullOrWhiteSpace(options.Value.BaseLayer.Url) ? null : options.Value.BaseLayer,
            }))
            .WithTags("Console 控制台").RequireAuthorization(StaffPolicies.Read)
            .WithSummary("The map's optional base layer (Console:BaseLayer: Url with {z}/{x}/{y}, Attribution, TileSize); null unless configured.");
        staff.MapGet("/api/regions/boundaries/tiles/{z:int}/{x:int}/{y}", RegionBoundaries.TileAsync)
            .WithTags("Console 控制台").RequireAuthorization(StaffPolicies.Read)
            .WithSummary("County outlines as a Mapbox vector tile (layer boundaries: code, name, level, selected for ?region=).");
        staff.MapGet("/api/regions/boundaries/{code}", RegionBoundaries.ExtentAsync)
            .WithTags("Console 控制台").RequireAuthorization(StaffPolicies.Read)
            .WithSummary("A region's extent and which outline the map draws: own, county (a township: no township outlines exist) or none.");
        staff.MapGet("/api/console/vocabulary", VocabularyAsync)
            .WithTags("Console 控制台").RequireAuthorization(StaffPolicies.Read)
            .WithSummary("The 采集表's words for the collector's form: products (code, name, unit, scope threshold), entity types, production modes, trace methods.");
        staff.MapGet("/api/console/qr-labels", QrLabelsAsync)
            .WithTags("Console 控制台").RequireAuthorization(StaffPolicies.QrToken)
            .WithSummary("A township's farm QR labels: name, code, token, payload and the PNG (base64), for the A4 print page.");
        return staff;
    }

    /// <summary>The form offers the words the sheet reader accepts, from the same tables, so they cannot disagree.</summary>
    public static async Task<IResult> VocabularyAsync(HubDbContext db, CancellationToken ct)
    {
        var products = await db.Set<Features.Origin.OriginProduct>().AsNoTracking().OrderBy(p => p.SortOrder)
            .Select(p => new { p.Code, p.Name, p.Unit, p.ScopeThreshold }).ToListAsync(ct);
        return Results.Ok(new
        {
            products = products.Select(p => new
            {
                p.Code, p.Name, unit = Mappings.Canonical.OriginVocabulary.Chinese(Mappings.Canonical.OriginVocabulary.Units, p.Unit), p.ScopeThreshold,
            }),
            entityTypes = Mappings.Canonical.OriginVocabulary.EntityTypes.Select(e => e.Chinese),
            productionModes = Mappings.Canonical.OriginVocabulary.ProductionModes.Select(e => e.Chinese),
            traceMethods = Mappings.Canonical.OriginVocabulary.TraceMethods.Select(e => e.Chinese),
            rapidTestResults = Mappings.Canonical.OriginVocabulary.RapidTestResults.Select(e => e.Chinese),
        });
    }

    public const int MaxLabels = 500;

    public sealed record QrLabel(string FarmCode, string? Name, string Token, string Payload, string Png);

    /// <param name="Truncated">More than <see cref="MaxLabels"/> farms: print the township in parts (filter by village in a later version).</param>
    public sealed record QrLabels(string Township, string? TownshipName, bool Truncated, IReadOnlyList<QrLabel> Labels);

    /// <summary>GET /api/console/qr-labels?township=: every farm of the township that has a token, by code.</summary>
    public static async Task<IResult> QrLabelsAsync(string? township, HubDbContext db, StaffScope scope,
        IOptions<FarmQrOptions> options, HttpContext http, CancellationToken ct)
    {
        if (township is null || township.Length != 9 || !township.All(char.IsAsciiDigit))
            return Results.Problem(statusCode: 400, title: "TOWNSHIP_REQUIRED", detail: "township is a 9-digit township code (乡镇代码)");
        if (!scope.Covers(township))
            return StaffScope.NotFound("REGION_UNKNOWN", $"no township {township} in your region");
        var farms = await db.Farms.AsNoTracking()
            .Where(f => f.TownshipCode == township && f.RegionCode.StartsWith(scope.Region) && f.QrToken != null)
            .OrderBy(f => f.Code).Take(MaxLabels + 1)
            .Select(f => new { f.Code, f.Name, f.QrToken }).ToListAsync(ct);
        var name = await db.Regions.AsNoTracking().Where(r => r.Code == township && r.ValidTo == null)
            .Select(r => r.Name).FirstOrDefaultAsync(ct);
        GetFarmQr.NoStore(http);
        var labels = farms.Take(MaxLabels).Select(f =>
        {
            var payload = FarmQrCodes.Payload(options.Value.PayloadBase, f.Code, f.QrToken!);
            return new QrLabel(f.Code, f.Name, f.QrToken!, payload, Convert.ToBase64String(FarmQrCodes.Png(payload, options.Value.PixelsPerModule)));
        }).ToList();
        return Results.Ok(new QrLabels(township, name, farms.Count > MaxLabels, labels));
    }
}

/// <summary>Console settings: an optional raster base layer (e.g. 天地图 WMTS with its key), off by default.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    public BaseLayerOptions BaseLayer { get; set; } = new();

    public sealed class BaseLayerOptions
    {
        /// <summary>A raster tile URL with {z}, {x}, {y}, e.g. 天地图's vec_w WMTS KVP URL with its tk key.</summary>
        public string? Url { get; set; }

        public string? Attribution { get; set; }

        public int TileSize { get; set; } = 256;
    }
}
