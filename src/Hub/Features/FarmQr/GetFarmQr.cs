using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.FarmQr;

/// <summary>
/// GET /api/farms/{code}/qr (token and payload), /qr.png and /qr.svg (the printable code), for clerks and admins of
/// the farm's region: the token lets someone declare for the farm.
/// </summary>
public static class GetFarmQr
{
    /// <param name="RotatedAt">When the current token was made (first issue or last rotation).</param>
    public sealed record FarmQrCode(string FarmCode, string Token, string Payload, DateTimeOffset? RotatedAt);

    public static async Task<IResult> HandleAsync(string code, HubDbContext db, StaffScope scope,
        IOptions<FarmQrOptions> options, HttpContext http, CancellationToken ct)
    {
        var (qr, refusal) = await ResolveAsync(code, db, scope, options.Value, ct);
        if (qr is null) return refusal!;
        NoStore(http);
        return Results.Ok(qr);
    }

    public static async Task<IResult> PngAsync(string code, HubDbContext db, StaffScope scope,
        IOptions<FarmQrOptions> options, HttpContext http, CancellationToken ct)
    {
        var (qr, refusal) = await ResolveAsync(code, db, scope, options.Value, ct);
        if (qr is null) return refusal!;
        NoStore(http);
        return Results.File(FarmQrCodes.Png(qr.Payload, options.Value.PixelsPerModule), "image/png", $"{code}-qr.png");
    }

    public static async Task<IResult> SvgAsync(string code, HubDbContext db, StaffScope scope,
        IOptions<FarmQrOptions> options, HttpContext http, CancellationToken ct)
    {
        var (qr, refusal) = await ResolveAsync(code, db, scope, options.Value, ct);
        if (qr is null) return refusal!;
        NoStore(http);
        return Results.Text(FarmQrCodes.Svg(qr.Payload, options.Value.PixelsPerModule), "image/svg+xml");
    }

    internal static IResult FarmUnknown(string code) =>
        Results.Problem(statusCode: 404, title: "FARM_UNKNOWN", detail: $"the registry has not sent farm {code}");

    // The token is what lets someone declare for the farm: no proxy or browser cache should keep it past a rotation.
    internal static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";

    /// <summary>
    /// Reads the token and changes nothing: every farm gets its token when the registry first sends it (farms from
    /// before tokens existed got one from a migration). A farm outside the caller's region is as unknown as a missing one.
    /// </summary>
    private static async Task<(FarmQrCode?, IResult?)> ResolveAsync(string code, HubDbContext db, StaffScope scope,
        FarmQrOptions options, CancellationToken ct)
    {
        var farm = await db.Farms.AsNoTracking().Where(f => f.Code == code)
            .Select(f => new { f.QrToken, f.QrRotatedAt, f.RegionCode }).FirstOrDefaultAsync(ct);
        if (farm is null || !scope.Covers(farm.RegionCode)) return (null, FarmUnknown(code));
        if (farm.QrToken is null)
            return (null, Results.Problem(statusCode: 409, title: "QR_NOT_ISSUED",
                detail: $"farm {code} has no QR token yet; issue one with POST /api/farms/{code}/qr/rotate"));
        return (new FarmQrCode(code, farm.QrToken, FarmQrCodes.Payload(options.PayloadBase, code, farm.QrToken), farm.QrRotatedAt), null);
    }
}
