using System.Text.Json;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Edge;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>GET /api/journal: search the message journal, newest first, paged by id.</summary>
public static class ListJournal
{
    public sealed record Query(
        string? Source, string? Type, string? Status, TimeParameter? From, TimeParameter? To,
        string? Farm, string? PartnerId, string? Key, string? Q, long? Before, int? Limit)
    {
        public JournalFilter Filter => new(Source, Type, Status, From?.Start, To?.End, Farm, PartnerId, Key, Q);
    }

    public sealed record Item(
        long Id, DateTimeOffset ReceivedAt, string Source, string Type, string? PartnerId, string Status,
        JsonElement? Reasons, JsonElement? Summary, double ProcessingMs, long? ReplayOf, IReadOnlyList<string> Farms,
        IReadOnlyList<string> Keys);

    public sealed record Page(IReadOnlyList<Item> Items, long? NextBefore);

    public static async Task<IResult> HandleAsync([AsParameters] Query q, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var filter = q.Filter;
        if (filter.Check(out var status) is { } bad) return bad;
        // Viewers read bodies masked; searching the raw text would let them probe for a phone number or a name.
        if (q.Q is not null && scope.IsViewerOnly)
            return Results.Problem(statusCode: 403, title: "TEXT_SEARCH_NOT_FOR_VIEWERS",
                detail: "searching the raw body would reveal the personal data a viewer sees masked; search by key instead");
        var limit = Math.Clamp(q.Limit ?? 50, 1, 500);

        var query = filter.Apply(db, status);
        if (q.Before is not null) query = query.Where(j => j.Id < q.Before);

        var rows = await query.OrderByDescending(j => j.Id).Take(limit)
            .Select(j => new { j.Id, j.ReceivedAt, j.Source, j.Type, j.PartnerId, j.Status, j.Reasons, j.Summary, j.ProcessingMs, j.ReplayOf, j.Keys })
            .ToListAsync(ct);
        // The page's farm links in a second query by id (the link table's primary key): a Take inside the projection
        // becomes ROW_NUMBER() over every farm link in the table, a scan that grows with the journal (JournalBench).
        var ids = rows.Select(j => j.Id).ToArray();
        var links = ids.Length == 0 ? [] : await db.JournalLinks.AsNoTracking()
            .Where(l => ids.Contains(l.JournalId) && l.EntityType == "farm")
            .Select(l => new { l.JournalId, l.EntityKey })
            .ToListAsync(ct);
        var farms = links.GroupBy(l => l.JournalId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(l => l.EntityKey).Order(StringComparer.Ordinal).Take(50).ToList());

        var items = rows.Select(j => new Item(j.Id, j.ReceivedAt, j.Source, j.Type, j.PartnerId, j.Status.ToString(),
            Parse(j.Reasons), Parse(j.Summary), j.ProcessingMs, j.ReplayOf, farms.GetValueOrDefault(j.Id, []), j.Keys.Take(50).ToList())).ToList();
        return Results.Ok(new Page(items, items.Count == limit ? items[^1].Id : null));
    }

    internal static JsonElement? Parse(string? json) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
