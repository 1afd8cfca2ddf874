using System.Text.Json;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>GET /api/journal/{id}: one entry with its raw body, every entity it touched, and what it put in the outbox.</summary>
public static class GetJournalEntry
{
    public sealed record Link(string EntityType, string EntityKey);
    public sealed record Delivery(long Id, string Destination, string EntityKey, string Status, string? LastError);

    public sealed record Entry(
        long Id, DateTimeOffset ReceivedAt, string Source, string Type, string? PartnerId, string Status,
        JsonElement? Reasons, JsonElement? Summary, double ProcessingMs, long? ReplayOf, string RawBody,
        IReadOnlyList<Link> Links, IReadOnlyList<Delivery> Deliveries);

    public static async Task<IResult> HandleAsync(long id, HubDbContext db, CancellationToken ct)
    {
        var j = await db.Journal.AsNoTracking().Include(x => x.Links).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (j is null)
            return Results.Problem(statusCode: 404, title: "JOURNAL_ENTRY_UNKNOWN", detail: $"no journal entry {id}");
        var deliveries = await db.Outbox.AsNoTracking().Where(o => o.JournalId == id).OrderBy(o => o.Id)
            .Select(o => new Delivery(o.Id, o.Destination, o.EntityKey, o.Status.ToString(), o.LastError))
            .ToListAsync(ct);
        return Results.Ok(new Entry(j.Id, j.ReceivedAt, j.Source, j.Type, j.PartnerId, j.Status.ToString(),
            ListJournal.Parse(j.Reasons), ListJournal.Parse(j.Summary), j.ProcessingMs, j.ReplayOf, j.RawBody,
            j.Links.Select(l => new Link(l.EntityType, l.EntityKey)).ToList(), deliveries));
    }
}
