using System.Text.Json;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>GET /api/journal: search the message journal, newest first, paged by id.</summary>
public static class ListJournal
{
    public sealed record Query(
        string? Source, string? Type, string? Status, DateTimeOffset? From, DateTimeOffset? To,
        string? Farm, string? PartnerId, long? Before, int? Limit);

    public sealed record Item(
        long Id, DateTimeOffset ReceivedAt, string Source, string Type, string? PartnerId, string Status,
        JsonElement? Reasons, JsonElement? Summary, double ProcessingMs, long? ReplayOf, IReadOnlyList<string> Farms);

    public sealed record Page(IReadOnlyList<Item> Items, long? NextBefore);

    public static async Task<IResult> HandleAsync([AsParameters] Query q, HubDbContext db, CancellationToken ct)
    {
        JournalStatus? status = null;
        if (q.Status is not null)
        {
            if (!Enum.TryParse<JournalStatus>(q.Status, ignoreCase: true, out var s))
                return Results.Problem(statusCode: 400, title: "INVALID_STATUS",
                    detail: $"status must be one of {string.Join(", ", Enum.GetNames<JournalStatus>())}");
            status = s;
        }
        var limit = Math.Clamp(q.Limit ?? 50, 1, 500);

        var query = db.Journal.AsNoTracking().AsQueryable();
        if (q.Source is not null) query = query.Where(j => j.Source == q.Source);
        if (q.Type is not null) query = query.Where(j => j.Type == q.Type);
        if (status is not null) query = query.Where(j => j.Status == status);
        if (q.From is not null) query = query.Where(j => j.ReceivedAt >= q.From);
        if (q.To is not null) query = query.Where(j => j.ReceivedAt < q.To);
        if (q.PartnerId is not null) query = query.Where(j => j.PartnerId == q.PartnerId);
        if (q.Before is not null) query = query.Where(j => j.Id < q.Before);
        if (q.Farm is not null)
            query = query.Where(j => db.JournalLinks.Any(l => l.JournalId == j.Id && l.EntityType == "farm" && l.EntityKey == q.Farm));

        var rows = await query.OrderByDescending(j => j.Id).Take(limit)
            .Select(j => new
            {
                j.Id, j.ReceivedAt, j.Source, j.Type, j.PartnerId, j.Status, j.Reasons, j.Summary, j.ProcessingMs, j.ReplayOf,
                Farms = j.Links.Where(l => l.EntityType == "farm").OrderBy(l => l.EntityKey).Select(l => l.EntityKey).Take(50).ToList(),
            })
            .ToListAsync(ct);

        var items = rows.Select(j => new Item(j.Id, j.ReceivedAt, j.Source, j.Type, j.PartnerId, j.Status.ToString(),
            Parse(j.Reasons), Parse(j.Summary), j.ProcessingMs, j.ReplayOf, j.Farms)).ToList();
        return Results.Ok(new Page(items, items.Count == limit ? items[^1].Id : null));
    }

    internal static JsonElement? Parse(string? json) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
