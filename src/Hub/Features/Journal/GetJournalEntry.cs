using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// GET /api/journal/{id}: one entry with its raw body, its business keys, every entity it touched, what it put in the
/// outbox, its edits, and its lineage both ways: the entry it replays (parent) and the replays of it (children), each
/// child naming the edit it ran, if any.
/// </summary>
public static class GetJournalEntry
{
    public sealed record Link(string EntityType, string EntityKey);
    public sealed record Delivery(long Id, string Destination, string EntityKey, string Status, string? LastError);
    public sealed record Relative(long Id, DateTimeOffset ReceivedAt, string Status, string? ReplayedBy, long? EditId);
    public sealed record Edit(long Id, JsonElement Patch, string? Reason, string EditedBy, DateTimeOffset EditedAt, string Status,
        string? ApprovedBy, DateTimeOffset? ApprovedAt, long? ReplayJournalId, string? Verdict);

    public sealed record Entry(
        long Id, DateTimeOffset ReceivedAt, string Source, string Type, string? PartnerId, string Status,
        JsonElement? Reasons, JsonElement? Summary, double ProcessingMs, long? ReplayOf, string? ReplayedBy, string RawBody,
        bool Unauthenticated, bool BodyTruncated, bool BodyPruned, DateTimeOffset? BodyPrunedAt, IReadOnlyList<string> Keys, IReadOnlyList<string> TagRanges,
        IReadOnlyList<Link> Links, IReadOnlyList<Delivery> Deliveries,
        Relative? Parent, IReadOnlyList<Relative> Children, IReadOnlyList<Edit> Edits);

    public static async Task<IResult> HandleAsync(long id, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var j = await db.Journal.AsNoTracking().Include(x => x.Links).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (j is null)
            return Results.Problem(statusCode: 404, title: "JOURNAL_ENTRY_UNKNOWN", detail: $"no journal entry {id}");
        var deliveries = await db.Outbox.AsNoTracking().Where(o => o.JournalId == id).OrderBy(o => o.Id)
            .Select(o => new Delivery(o.Id, o.Destination, o.EntityKey, o.Status.ToString(), o.LastError))
            .ToListAsync(ct);
        var edits = db.Set<JournalEdit>().AsNoTracking();
        var children = await db.Journal.AsNoTracking().Where(c => c.ReplayOf == id).OrderBy(c => c.Id)
            .Select(c => new Relative(c.Id, c.ReceivedAt, c.Status.ToString(), c.ReplayedBy,
                edits.Where(e => e.ReplayJournalId == c.Id).Select(e => (long?)e.Id).FirstOrDefault()))
            .ToListAsync(ct);
        var parent = j.ReplayOf is null ? null : await db.Journal.AsNoTracking().Where(p => p.Id == j.ReplayOf)
            .Select(p => new Relative(p.Id, p.ReceivedAt, p.Status.ToString(), p.ReplayedBy,
                edits.Where(e => e.ReplayJournalId == id).Select(e => (long?)e.Id).FirstOrDefault()))
            .FirstOrDefaultAsync(ct);
        var mine = await edits.Where(e => e.JournalId == id).OrderBy(e => e.Id).ToListAsync(ct);

        return Results.Ok(new Entry(j.Id, j.ReceivedAt, j.Source, j.Type, j.PartnerId, j.Status.ToString(),
            ListJournal.Parse(j.Reasons), ListJournal.Parse(j.Summary), j.ProcessingMs, j.ReplayOf, j.ReplayedBy, j.RawBody,
            j.Unauthenticated, j.BodyTruncated, j.BodyPruned, j.BodyPrunedAt, j.Keys,
            j.TagRanges.Select(r => r.LowerBound == r.UpperBound - 1 ? $"{r.LowerBound}" : $"{r.LowerBound}-{r.UpperBound - 1}").ToList(),
            j.Links.Select(l => new Link(l.EntityType, l.EntityKey)).ToList(), deliveries, parent, children,
            mine.Select(e => new Edit(e.Id, PatchFor(e.Patch, scope), e.Reason, e.EditedBy, e.EditedAt, e.Status.ToString(),
                e.ApprovedBy, e.ApprovedAt, e.ReplayJournalId, e.Verdict)).ToList()));
    }

    /// <summary>A viewer sees what an edit touched, not the values it wrote (they may be the personal data it sees masked).</summary>
    private static JsonElement PatchFor(string patch, StaffScope scope)
    {
        if (!scope.IsViewerOnly) return ListJournal.Parse(patch)!.Value;
        var ops = JsonNode.Parse(patch)!.AsArray();
        foreach (var op in ops.OfType<JsonObject>().Where(o => o.ContainsKey("value"))) op["value"] = "***";
        return JsonSerializer.SerializeToElement(ops);
    }
}
