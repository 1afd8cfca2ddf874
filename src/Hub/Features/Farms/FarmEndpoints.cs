namespace EarTagTrace.Hub.Features.Farms;

public static class FarmEndpoints
{
    public static IEndpointRouteBuilder MapFarms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/farms").WithTags("Farms 养殖场户");
        group.MapGet("/", ListFarms.HandleAsync)
            .WithSummary("Farms by county (6 digits), township (9 digits), species (pig/cattle/sheep) and text.");
        group.MapGet("/{code}", GetFarm.HandleAsync).WithSummary("One farm, and what it still lacks before it may declare.");
        return app;
    }
}
