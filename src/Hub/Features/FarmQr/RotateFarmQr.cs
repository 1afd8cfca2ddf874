using EarTagTrace.Hub.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace EarTagTrace.Hub.Features.FarmQr;

/// <summary>
/// POST /api/farms/{code}/qr/rotate: staff replace a farm's token (a printout lost or photographed by the wrong
/// person). The old token stops working at once: a declaration carrying it no longer matches the farm.
/// </summary>
public static class RotateFarmQr
{
    public static async Task<IResult> HandleAsync(string code, [FromHeader(Name = "X-Actor")] string? actor,
        HubDbContext db, TimeProvider time, IOptions<FarmQrOptions> options, HttpContext http,
        ILoggerFactory logs, CancellationToken ct)
    {
        var farm = await db.Farms.FirstOrDefaultAsync(f => f.Code == code, ct);
        if (farm is null) return GetFarmQr.FarmUnknown(code);

        var hadToken = farm.QrToken is not null;
        farm.QrToken = FarmQrTokens.New();
        farm.QrRotatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);

        // The audit names who and when, never a token: the log is read by more people than may declare for the farm.
        logs.CreateLogger(typeof(RotateFarmQr)).LogInformation(
            "QR token of farm {Farm} rotated by {Actor} at {At} ({Previous})", code,
            string.IsNullOrWhiteSpace(actor) ? "unknown" : actor.Trim(), farm.QrRotatedAt,
            hadToken ? "the previous token no longer works" : "it had none");

        GetFarmQr.NoStore(http);
        return Results.Ok(new GetFarmQr.FarmQrCode(code, farm.QrToken,
            FarmQrCodes.Payload(options.Value.PayloadBase, code, farm.QrToken), farm.QrRotatedAt));
    }
}
