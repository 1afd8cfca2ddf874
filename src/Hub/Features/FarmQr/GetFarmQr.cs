using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.FarmQr;

/// <summary>
/// GET /api/farms/{code}/qr (token and payload), /qr.png and /qr.svg (the printable code). A farm that has no token
/// yet is given one here, once: the first caller's token is saved and every later caller sees the same one.
/// </summary>
public static class GetFarmQr
{
    /// <param name="RotatedAt">When the current token was made (first issue or last rotation).</param>
    public sealed record FarmQrCode(string FarmCode, string Token, string Payload, DateTimeOffset? RotatedAt);

    public static async Task<IResult> HandleAsync(string code, HubDbContext db, TimeProvider time,
        IOptions<FarmQrOptions> options, HttpContext http, CancellationToken ct)
    {
        var qr = await ResolveAsync(code, db, time, options.Value, ct);
        if (qr is null) return FarmUnknown(code);
        NoStore(http);
        return Results.Ok(qr);
    }

    public static async Task<IResult> PngAsync(string code, HubDbContext db, TimeProvider time,
        IOptions<FarmQrOptions> options, HttpContext http, CancellationToken ct)
    {
        var qr = await ResolveAsync(code, db, time, options.Value, ct);
        if (qr is null) return FarmUnknown(code);
        NoStore(http);
        return Results.File(FarmQrCodes.Png(qr.Payload, options.Value.PixelsPerModule), "image/png", $"{code}-qr.png");
    }

    public static async Task<IResult> SvgAsync(string code, HubDbContext db, TimeProvider time,
        IOptions<FarmQrOptions> options, HttpContext http, CancellationToken ct)
    {
        var qr = await ResolveAsync(code, db, time, options.Value, ct);
        if (qr is null) return FarmUnknown(code);
        NoStore(http);
        return Results.Text(FarmQrCodes.Svg(qr.Payload, options.Value.PixelsPerModule), "image/svg+xml");
    }

    internal static IResult FarmUnknown(string code) =>
        Results.Problem(statusCode: 404, title: "FARM_UNKNOWN", detail: $"the registry has not sent farm {code}");

    // The token is what lets someone declare for the farm: no proxy or browser cache should keep it past a rotation.
    internal static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";

    private static async Task<FarmQrCode?> ResolveAsync(string code, HubDbContext db, TimeProvider time, FarmQrOptions options, CancellationToken ct)
    {
        var farm = await Current(db, code, ct);
        if (farm is null) return null;
        if (farm.QrToken is null)
        {
            // Conditional on "still no token", so two first requests at once cannot hand out two tokens of which only
            // the later one would work.
            var token = FarmQrTokens.New();
            var now = time.GetUtcNow();
            await db.Farms.Where(f => f.Code == code && f.QrToken == null)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.QrToken, token).SetProperty(f => f.QrRotatedAt, now), ct);
            farm = await Current(db, code, ct);
            if (farm?.QrToken is null) return null;
        }
        return new FarmQrCode(code, farm.QrToken, FarmQrCodes.Payload(options.PayloadBase, code, farm.QrToken), farm.QrRotatedAt);
    }

    private static Task<TokenRow?> Current(HubDbContext db, string code, CancellationToken ct) =>
        db.Farms.AsNoTracking().Where(f => f.Code == code)
            .Select(f => new TokenRow(f.QrToken, f.QrRotatedAt)).FirstOrDefaultAsync(ct);

    private sealed record TokenRow(string? QrToken, DateTimeOffset? QrRotatedAt);
}
