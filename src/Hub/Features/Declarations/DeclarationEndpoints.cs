using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Declarations;

public static class DeclarationEndpoints
{
    public static IEndpointRouteBuilder MapDeclarations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/certificates/{zmbh}", (string zmbh, HubDbContext db, Access.StaffScope scope, CancellationToken ct) => GetCertificate.HandleAsync(zmbh, db, scope, ct))
            .WithTags("Certificates 产地检疫合格证明")
            .WithSummary("A certificate with its declaration, farm, tags and the state of its national upload.");
        app.MapGet("/api/farms/{code}/stock", (string code, HubDbContext db, Access.StaffScope scope, CancellationToken ct) => GetFarmStock.HandleAsync(code, db, scope, ct))
            .WithTags("Farms 养殖场户")
            .WithSummary("存栏 current stock per species and its history: registry baselines, 动监e通 changes, certificates.");
        return app;
    }
}
