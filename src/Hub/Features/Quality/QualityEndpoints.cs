using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.Quality;

public static class QualityEndpoints
{
    public static IEndpointRouteBuilder MapQuality(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/quality").WithTags("Data quality 数据质量").RequireAuthorization(StaffPolicies.Read);
        group.MapGet("/", GetQuality.HandleAsync)
            .WithSummary("数据质量评分卡 per county or partner (?groupBy=county|partner&from=&to=, China days): refused share and reasons, late reports, duplicates resent, reconciliation mismatches, incomplete farms, overdue collection, deliveries refused; each figure with its link.");
        group.MapGet("/items", GetQuality.ItemsAsync).WithSummary("The items one scorecard figure counts (journal ids, certificate numbers, farm codes, …).");
        return app;
    }
}
