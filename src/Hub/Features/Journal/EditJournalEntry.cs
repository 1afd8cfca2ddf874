using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// POST /api/journal/{id}/edits {patch, reason}: an engineer's correction of a message, kept as an RFC 6902 patch
/// against the original (which never changes). It is checked now — it must apply and change something — and waits
/// for an approver who is not its editor (<see cref="ApproveJournalEdit"/>). What cannot be replayed cannot be edited
/// either: a body nobody authenticated stays the partner's problem.
/// </summary>
public static class EditJournalEntry
{
    public sealed record Request(JsonNode? Patch, string? Reason);

    public sealed record Created(long Id, string Status, long JournalId);

    public static async Task<IResult> HandleAsync(long id, Request? body, HubDbContext db, StaffScope scope, TimeProvider time,
        CancellationToken ct)
    {
        var entry = await db.Journal.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (entry is null)
            return Results.Problem(statusCode: 404, title: "JOURNAL_ENTRY_UNKNOWN", detail: $"no journal entry {id}");
        if (ReplayRules.RefuseNever(entry) is { } never) return never;
        var reason = body?.Reason?.Trim();
        if (ReplayRules.RefuseReason(reason) is { } badReason) return badReason;
        if (string.IsNullOrEmpty(reason))
            return Results.Problem(statusCode: 400, title: "REASON_REQUIRED", detail: "an edit is approved by someone else: say why (reason)");
        if (body?.Patch is not JsonArray patch)
            return Results.Problem(statusCode: 400, title: JsonPatch.Invalid, detail: "patch must be a JSON array of RFC 6902 operations");

        var original = JsonPatch.ParseBody(entry.RawBody, out var isJson);
        if (!isJson)
            return Results.Problem(statusCode: 409, title: "EDIT_OF_NON_JSON_BODY",
                detail: $"entry {id} is not a JSON message ({entry.Source}/{entry.Type}); correct it at its source");
        var refused = Check(original, patch);
        if (refused is not null) return refused;

        var now = time.GetUtcNow();
        var edit = new JournalEdit
        {
            JournalId = id, Patch = patch.ToJsonString(), Reason = reason, EditedBy = scope.UserName, EditedAt = now,
            Status = JournalEditStatus.Pending,
        };
        db.Add(edit);
        await db.SaveChangesAsync(ct);
        AuditLog.Add(db, scope, "journal.edit", edit.Id.ToString(CultureInfo.InvariantCulture), null,
            new { journalId = id, reason, patch }, now);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/journal/{id}", new Created(edit.Id, "pending", id));
    }

    /// <summary>A problem when the patch is malformed, does not fit the message, or changes nothing; null when it is fine.</summary>
    internal static IResult? Check(JsonNode? original, JsonNode patch)
    {
        try
        {
            var patched = JsonPatch.Apply(original, patch);
            return JsonNode.DeepEquals(original, patched)
                ? Results.Problem(statusCode: 422, title: "PATCH_CHANGES_NOTHING", detail: "the patched message is the original")
                : null;
        }
        catch (JsonPatchException e)
        {
            return Results.Problem(statusCode: e.Code == JsonPatch.Invalid ? 400 : 422, title: e.Code, detail: e.Message,
                extensions: new Dictionary<string, object?> { ["operation"] = e.Operation });
        }
    }

    internal static string Patched(string rawBody, string patch) =>
        JsonPatch.Apply(JsonNode.Parse(rawBody), JsonNode.Parse(patch))?.ToJsonString(new JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) ?? "null";
}
