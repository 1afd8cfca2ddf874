using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Deliveries;

/// <summary>GET /api/deliveries: outbound items by destination and status, with their last error.</summary>
public static class ListDeliveries
{
    public sealed record Query(string? Destination, string? Status, string? EntityKey, string? ErrorClass, long? Before, int? Limit);

    public sealed record Item(
        long Id, string Destination, string EntityKey, string Status, int Attempts, string? LastError, string? RequestId,
        long? JournalId, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt,
        string? ErrorClass, int Resends);

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
        DeliveryErrorClass? errorClass = null;
        if (q.ErrorClass is not null)
        {
            if (!Enum.TryParse<DeliveryErrorClass>(q.ErrorClass, ignoreCase: true, out var c) || !Enum.IsDefined(c))
                return Results.Problem(statusCode: 400, title: "INVALID_ERROR_CLASS", detail: "errorClass must be business or transport");
            errorClass = c;
        }
        var limit = Math.Clamp(q.Limit ?? 50, 1, 500);

        var query = db.Outbox.AsNoTracking().AsQueryable();
        if (q.Destination is not null) query = query.Where(o => o.Destination == q.Destination);
        if (status is not null) query = query.Where(o => o.Status == status);
        if (q.EntityKey is not null) query = query.Where(o => o.EntityKey == q.EntityKey);
        if (errorClass is not null) query = query.Where(o => o.ErrorClass == errorClass);

        var totals = await query.GroupBy(o => new { o.Destination, o.Status })
            .Select(g => new { g.Key.Destination, g.Key.Status, Items = g.Count() })
            .ToListAsync(ct);

        if (q.Before is not null) query = query.Where(o => o.Id < q.Before);
        var rows = await query.OrderByDescending(o => o.Id).Take(limit)
            .Select(o => new
            {
                o.Id, o.Destination, o.EntityKey, o.Status, o.Attempts, o.LastError, o.RequestId, o.JournalId, o.CreatedAt,
                o.NextAttemptAt, o.CompletedAt, o.ErrorClass, o.Resends,
            })
            .ToListAsync(ct);
        // Rows written before the class was stored are classified from their error text.
        var items = rows.Select(o => new Item(o.Id, o.Destination, o.EntityKey, o.Status.ToString(), o.Attempts, o.LastError, o.RequestId,
                o.JournalId, o.CreatedAt, o.NextAttemptAt, o.CompletedAt,
                (o.ErrorClass ?? DeliveryErrors.Classify(o.Status, o.LastError))?.ToString().ToLowerInvariant(), o.Resends))
            .ToList();

        return Results.Ok(new Page(
            totals.OrderBy(t => t.Destination).ThenBy(t => t.Status).Select(t => new Count(t.Destination, t.Status.ToString(), t.Items)).ToList(),
            items, items.Count == limit ? items[^1].Id : null));
    }
}
