using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.Deliveries;

public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/deliveries").WithTags("Deliveries 数据上报").RequireAuthorization(StaffPolicies.Desk);
        group.MapGet("/", ListDeliveries.HandleAsync)
            .WithSummary("Outbound items by destination (national-cloud/farms, djet/yzc-sync), status (Pending, Queued, Delivered, Rejected, Retrying, Failed) and error class (business, transport), with totals and the last error.");
        group.MapPost("/{id:long}/resend", ResendDelivery.HandleAsync).RequireAuthorization(StaffPolicies.Engineer)
            .WithSummary("Send one failed or rejected item again, under a new request id (engineer, audited; body { reason }).");
        group.MapPost("/resend", ResendDeliveries.HandleAsync).RequireAuthorization(StaffPolicies.Engineer)
            .WithSummary("Send every failed or rejected item a filter matches again, each under a new request id (engineer, audited; dryRun counts).");
        return app;
    }
}
