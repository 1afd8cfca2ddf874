using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

public static class TagEndpoints
{
    public static IEndpointRouteBuilder MapTags(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tags").WithTags("Ear tags 耳标");
        group.MapGet("/ledger", (string? region, RegionDirectory regions, NpgsqlDataSource data, StaffScope scope, CancellationToken ct) =>
                GetTagLedger.HandleAsync(region, regions, data, scope, ct))
            .WithSummary("耳标台账 balances of a county and its townships: registered + received = held + issued onward + cancelled (default: your own county or township).");
        group.MapGet("/holdings", (string? holder, NpgsqlDataSource data, RegionDirectory regions, StaffScope scope, CancellationToken ct) =>
                ListHoldings.HandleAsync(holder, data, regions, scope, ct))
            .WithSummary("Ranges a county, township, farm or worker holds now, merged where adjacent.");
        group.MapGet("/{ebh}/trace", (string ebh, RegionDirectory regions, NpgsqlDataSource data, StaffScope scope, CancellationToken ct) =>
                TraceTag.HandleAsync(ebh, regions, data, scope, ct))
            .WithSummary("耳标追溯 the chain of one tag: registration, issuances, declaration, certificate, cancellation, current holder.");
        group.MapGet("/{ebh}/epcis", GetTagEpcis.HandleAsync)
            .WithSummary("The tag's chain as a GS1 EPCIS 2.0 JSON-LD document (EPCISDocument with one ObjectEvent per step, in time order).")
            .Produces(200, contentType: "application/ld+json");
        return app;
    }
}
