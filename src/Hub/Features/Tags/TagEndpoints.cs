namespace EarTagTrace.Hub.Features.Tags;

public static class TagEndpoints
{
    public static IEndpointRouteBuilder MapTags(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tags").WithTags("Ear tags 耳标");
        group.MapGet("/ledger", (string? region, Persistence.RegionDirectory regions, Npgsql.NpgsqlDataSource data, CancellationToken ct) =>
                GetTagLedger.HandleAsync(region, regions, data, ct))
            .WithSummary("耳标台账 balances of a county and its townships: registered + received = held + issued onward + cancelled.");
        group.MapGet("/holdings", (string? holder, Npgsql.NpgsqlDataSource data, CancellationToken ct) => ListHoldings.HandleAsync(holder, data, ct))
            .WithSummary("Ranges a county, township, farm or worker holds now, merged where adjacent.");
        group.MapGet("/{ebh}/trace", (string ebh, Persistence.RegionDirectory regions, Npgsql.NpgsqlDataSource data, CancellationToken ct) =>
                TraceTag.HandleAsync(ebh, regions, data, ct))
            .WithSummary("耳标追溯 the chain of one tag: registration, issuances, declaration, certificate, cancellation, current holder.");
        return app;
    }
}
