using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// POST /api/origin/records: one record, created or updated, with the same rules as a sheet row (fields named as
/// <see cref="OriginColumns"/>' JSON names; values as in the sheet, Chinese or English). Journaled as
/// origin/origin-record and applied by <see cref="ApplyOriginRecord"/> in the inbound pipeline. 201 when new, 200 when
/// it existed; 422 with every fault as {field, code, detail}.
/// </summary>
public static class UpsertOriginRecord
{
    public static async Task<IResult> HandleAsync(JsonElement body, StaffScope scope, InboundPipeline pipeline, ApplyOriginRecord rule,
        OnlineChecks checks, HubDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return Results.Problem(statusCode: 400, title: "BODY_INVALID", detail: "send one record as a JSON object");
        var message = new InboundMessage(ApplyOriginRows.SourceName, ApplyOriginRecord.MessageType, body.GetRawText(), time.GetUtcNow())
        {
            Actor = scope.UserName, ActorRegion = scope.Region,
        };
        var outcome = await pipeline.HandleAsync(message, rule, ct);
        if (outcome.Verdict == InboundVerdict.Failed)
            return Results.Problem(statusCode: 500, title: "HUB_ERROR", detail: "the hub failed saving the record; it is journaled and can be replayed",
                extensions: new Dictionary<string, object?> { ["hubId"] = outcome.JournalId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (outcome.Verdict != InboundVerdict.Accepted || outcome.Extra?.GetValueOrDefault("recordIds") is not List<long> { Count: 1 } ids)
        {
            var problems = ImportOriginSheet.ProblemsOf(outcome);
            var outside = problems.Any(p => p.Code == OriginCodes.OutsideRegionScope);
            return Results.Problem(statusCode: outside ? 403 : 422, title: outside ? OriginCodes.OutsideRegionScope : "RECORD_REFUSED",
                detail: $"{problems.Count} fault(s); nothing was saved",
                extensions: new Dictionary<string, object?> { ["errors"] = problems.Select(p => new { field = p.Column, p.Code, p.Detail }) });
        }
        await ImportOriginSheet.CheckOnlineAsync(outcome, checks, ct);
        var id = ids[0];
        var view = await GetOriginRecord.LoadAsync(db, id, ct);
        return outcome.Extra.GetValueOrDefault("summary") is OriginSummary { Created: > 0 }
            ? Results.Created($"/api/origin/records/{id}", view) : Results.Ok(view);
    }
}
