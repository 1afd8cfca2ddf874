namespace EarTagTrace.Hub.Features.Deliveries;

public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/deliveries").WithTags("Deliveries 数据上报").RequireAuthorization(Access.StaffPolicies.Desk)
            .MapGet("/", ListDeliveries.HandleAsync)
            .WithSummary("Outbound items by destination (national-cloud/farms, djet/yzc-sync) and status (Pending, Queued, Delivered, Rejected, Retrying, Failed), with totals and the last error.");
        return app;
    }
}
