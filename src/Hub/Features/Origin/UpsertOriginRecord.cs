using EarTagTrace.Hub.Persistence;
using System.Text.Json;
using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// POST /api/origin/records: one record, created or updated, with the same rules as a sheet row (fields named as
/// <see cref="OriginColumns"/>' JSON names; values as in the sheet, Chinese or English). 201 when new, 200 when it
/// existed; 422 with every fault as {field, code, detail}.
/// </summary>
public static class UpsertOriginRecord
{
    public static async Task<IResult> HandleAsync(JsonElement body, StaffScope scope, OriginRowChecker checker, OriginStore store,
        HubDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return Results.Problem(statusCode: 400, title: "BODY_INVALID", detail: "send one record as a JSON object");
        var cells = new string?[OriginColumns.All.Count];
        foreach (var info in OriginColumns.All)
        {
            if (body.TryGetProperty(info.Field, out var value)) cells[(int)info.Column] = Text(value);
        }
        var row = new OriginSheetRow(0, cells);
        var now = time.GetUtcNow();
        var (inputs, problems) = await checker.CheckAsync([row], scope, now, ct, columnName: c => OriginColumns.All[(int)c].Field);
        var outside = problems.Any(p => p.Code == OriginCodes.OutsideRegionScope);
        if (problems.Count > 0)
            return Results.Problem(statusCode: outside ? 403 : 422, title: outside ? OriginCodes.OutsideRegionScope : "RECORD_REFUSED", detail: $"{problems.Count} fault(s); nothing was saved",
                extensions: new Dictionary<string, object?> { ["errors"] = problems.Select(p => new { field = p.Column, p.Code, p.Detail }) });

        var (done, _) = await store.WriteAsync(inputs, scope.UserName, "record", now, ct);
        var id = done!.RecordIds[0];
        var view = await GetOriginRecord.LoadAsync(db, id, ct);
        return done.Created > 0 ? Results.Created($"/api/origin/records/{id}", view) : Results.Ok(view);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(Text)),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
