using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Deliveries;

/// <summary>GET /api/deliveries: outbound items by destination and status, with their last error.</summary>
public static class ListDeliveries
{
    public sealed record Query(string? Destination, string? Status, string? EntityKey, long? Before, int? Limit);

    public sealed record Item(
        long Id, string Destination, string EntityKey, string Status, int Attempts, string? LastError, string? RequestId,
        long? JournalId, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt);

    public sealed record Count(string Destination, string Status, int Items);

    public sealed record Page(IReadOnlyList<Count> Totals, IReadOnlyList<Item> Items, long? NextBefore);

    public static async Task<IResult> HandleAsync([AsParameters] Query q, HubDbContext db, CancellationToken ct)
    {
        DeliveryStatus? status = null;
        if (q.Status is not null)
        {
            if (!Enum.TryParse<DeliveryStatus>(q.Status, ignoreCase: true, out var s))
                return Results.Problem(statusCode: 400, title: "INVALID_STATUS",
                    detail: $"status must be one of {string.Join(", ", Enum.GetNames<DeliveryStatus>())}");
            status = s;
        }
        var limit = Math.Clamp(q.Limit ?? 50, 1, 500);

        var query = db.Outbox.AsNoTracking().AsQueryable();
        if (q.Destination is not null) query = query.Where(o => o.Destination == q.Destination);
        if (status is not null) query = query.Where(o => o.Status == status);
        if (q.EntityKey is not null) query = query.Where(o => o.EntityKey == q.EntityKey);

        var totals = await query.GroupBy(o => new { o.Destination, o.Status })
            .Select(g => new { g.Key.Destination, g.Key.Status, Items = g.Count() })
            .ToListAsync(ct);

        if (q.Before is not null) query = query.Where(o => o.Id < q.Before);
        var items = await query.OrderByDescending(o => o.Id).Take(limit)
            .Select(o => new Item(o.Id, o.Destination, o.EntityKey, o.Status.ToString(), o.Attempts, o.LastError, o.RequestId,
                o.JournalId, o.CreatedAt, o.NextAttemptAt, o.CompletedAt))
            .ToListAsync(ct);

        return Results.Ok(new Page(
            totals.OrderBy(t => t.Destination).ThenBy(t => t.Status).Select(t => new Count(t.Destination, t.Status.ToString(), t.Items)).ToList(),
            items, items.Count == limit ? items[^1].Id : null));
    }
}
