using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.FarmQr;

/// <summary>
/// POST /api/farms/{code}/qr/rotate: staff replace a farm's token (a printout lost or photographed by the wrong
/// person). The old token stops working at once: a declaration carrying it no longer matches the farm.
/// </summary>
public static class RotateFarmQr
{
    public static async Task<IResult> HandleAsync(string code, StaffScope scope,
        HubDbContext db, TimeProvider time, IOptions<FarmQrOptions> options, HttpContext http,
        ILoggerFactory logs, CancellationToken ct)
    {
        var farm = await db.Farms.FirstOrDefaultAsync(f => f.Code == code, ct);
        if (farm is null) return GetFarmQr.FarmUnknown(code);
        if (scope.RefuseWrite(farm.RegionCode, $"farm {code}") is { } outside) return outside;

        var hadToken = farm.QrToken is not null;
        farm.QrToken = FarmQrTokens.New();
        farm.QrRotatedAt = time.GetUtcNow();
        AuditLog.Add(db, scope, "qr.rotate", code, farm.RegionCode, new { hadToken }, farm.QrRotatedAt.Value);
        await db.SaveChangesAsync(ct);

        // The audit names who and when, never a token: the log is read by more people than may declare for the farm.
        logs.CreateLogger(typeof(RotateFarmQr)).LogInformation(
            "QR token of farm {Farm} rotated by {Actor} at {At} ({Previous})", code,
            scope.UserName, farm.QrRotatedAt,
            hadToken ? "the previous token no longer works" : "it had none");

        GetFarmQr.NoStore(http);
        return Results.Ok(new GetFarmQr.FarmQrCode(code, farm.QrToken,
            FarmQrCodes.Payload(options.Value.PayloadBase, code, farm.QrToken), farm.QrRotatedAt));
    }
}
