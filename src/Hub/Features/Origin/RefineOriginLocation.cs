using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Access;
using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// PUT /api/origin/records/{id}/location {"longitude","latitude"}: the point after a field visit (seed 四(一): batch
/// first, then 逐个精准完善点位). The old point is kept in the history with who moved it and when; a moved point is
/// uploaded again, the same point is not.
/// </summary>
public static class RefineOriginLocation
{
    public sealed record Request(decimal? Longitude, decimal? Latitude);

    public static async Task<IResult> HandleAsync(long id, Request? body, StaffScope scope, HubDbContext db, InboundPipeline pipeline,
        ApplyOriginLocation rule, OnlineChecks checks, TimeProvider time, CancellationToken ct)
    {
        if (body?.Longitude is not { } x || body.Latitude is not { } y)
            return Results.Problem(statusCode: 400, title: OriginCodes.CoordIncomplete, detail: "send {\"longitude\", \"latitude\"}, both");
        if (x is < 73 or > 136 || y is < 3 or > 54)
            return Results.Problem(statusCode: 422, title: OriginCodes.CoordOutOfRange, detail: $"({x}, {y}) is not in China: longitude 73–136, latitude 3–54");

        // Journaled (origin/origin-location) and applied by ApplyOriginLocation: a moved point's upload carries the journal id.
        var message = new InboundMessage(ApplyOriginRows.SourceName, ApplyOriginLocation.MessageType,
            JsonSerializer.Serialize(new ApplyOriginLocation.Body(id, x, y), CanonicalJson.Options), time.GetUtcNow())
        {
            Actor = scope.UserName, ActorRegion = scope.Region,
        };
        var outcome = await pipeline.HandleAsync(message, rule, ct);
        if (outcome.Verdict != InboundVerdict.Accepted) return OriginStaffWrite.Problem(outcome);
        await checks.RunAfterWriteAsync([id], ct);
        return Results.Ok(await GetOriginRecord.LoadAsync(db, id, ct));
    }
}
