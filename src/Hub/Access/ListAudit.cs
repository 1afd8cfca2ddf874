using EarTagTrace.Hub.Edge;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Access;

/// <summary>GET /api/audit: the append-only audit log, newest first, by actor, action, target, region and time.</summary>
public static class ListAudit
{
    public sealed record Query(string? Actor, string? Action, string? Target, string? Region, TimeParameter? From,
        TimeParameter? To, long? Before, int? Limit);

    public sealed record Item(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Region,
        System.Text.Json.JsonElement? Detail);

    public static async Task<IResult> HandleAsync([AsParameters] Query q, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var limit = Math.Clamp(q.Limit ?? 100, 1, 1000);
        var query = db.Audit.AsNoTracking().Where(a => a.Region == null || a.Region.StartsWith(scope.Region));
        if (!string.IsNullOrEmpty(q.Actor)) query = query.Where(a => a.Actor == q.Actor);
        if (!string.IsNullOrEmpty(q.Action)) query = query.Where(a => a.Action == q.Action || a.Action.StartsWith(q.Action + "."));
        if (!string.IsNullOrEmpty(q.Target)) query = query.Where(a => a.Target == q.Target);
        if (!string.IsNullOrEmpty(q.Region)) query = query.Where(a => a.Region != null && a.Region.StartsWith(q.Region));
        if (q.From?.Start is { } from) query = query.Where(a => a.At >= from);
        if (q.To?.End is { } to) query = query.Where(a => a.At < to);
        if (q.Before is { } before) query = query.Where(a => a.Id < before);
        var rows = await query.OrderByDescending(a => a.Id).Take(limit).ToListAsync(ct);
        return Results.Ok(new
        {
            items = rows.Select(a => new Item(a.Id, a.At, a.Actor, a.Action, a.Target, a.Region,
                a.Detail is null ? null : System.Text.Json.JsonDocument.Parse(a.Detail).RootElement.Clone())),
            next = rows.Count == limit ? rows[^1].Id : (long?)null,
        });
    }
}
