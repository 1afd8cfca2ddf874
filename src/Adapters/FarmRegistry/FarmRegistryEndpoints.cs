using EarTagTrace.Adapters.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EarTagTrace.Adapters.FarmRegistry;

public static class FarmRegistryEndpoints
{
    /// <summary>Message type of a registry push and of a pulled page, as the journal names them.</summary>
    public const string FarmPush = "farm-push";
    public const string FarmPullPage = "farm-pull-page";

    public static IEndpointRouteBuilder MapFarmRegistryAdapter(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/adapters/farm-registry").WithTags("Farm registry adapter 畜禽养殖场户基础信息采集系统");
        group.MapPost("/farms", (Delegate)((HttpContext http) => SignedInbound.HandleAsync<IFarmRegistryRules>(http, static r => r.FarmPush)))
            .WithSummary("Registry pushes 1–500 farm records { rows: [...] }, signed with appKey/timestamp/sign (HMAC-SHA256).")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>Only for the OpenAPI document: the real body is read raw so the journal keeps it byte for byte.</summary>
    public sealed record RegistryPushDoc(IReadOnlyList<EarTagTrace.Mappings.FarmRegistry.RegistryFarmRecord> Rows);
}
