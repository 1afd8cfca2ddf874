using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.FarmQr;

public static class FarmQrEndpoints
{
    public static IEndpointRouteBuilder MapFarmQr(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/farms/{code}/qr").WithTags("Farm QR codes 二维码").RequireAuthorization(StaffPolicies.QrToken);
        group.MapGet("", GetFarmQr.HandleAsync)
            .WithSummary("The farm's QR token and the 动监e通 declaration URL its code carries (clerk or admin of the farm's region).")
            .Produces<GetFarmQr.FarmQrCode>().ProducesProblem(404);
        group.MapPost("/rotate", RotateFarmQr.HandleAsync)
            .WithSummary("Replace the farm's QR token (audited under the caller's account); the old one stops working at once.")
            .Produces<GetFarmQr.FarmQrCode>().ProducesProblem(404);
        app.MapGet("/api/farms/{code}/qr.png", GetFarmQr.PngAsync).WithTags("Farm QR codes 二维码").RequireAuthorization(StaffPolicies.QrToken)
            .WithSummary("The farm's QR code as a PNG image, for printing.")
            .Produces(200, typeof(byte[]), "image/png").ProducesProblem(404);
        app.MapGet("/api/farms/{code}/qr.svg", GetFarmQr.SvgAsync).WithTags("Farm QR codes 二维码").RequireAuthorization(StaffPolicies.QrToken)
            .WithSummary("The farm's QR code as SVG, for printing at any size.")
            .Produces(200, typeof(string), "image/svg+xml").ProducesProblem(404);
        return app;
    }
}
