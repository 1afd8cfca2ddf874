using EarTagTrace.Hub.Edge;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// The correction list 整改清单: GET /api/origin/corrections per township with deadline and the person to call; a
/// collector explains a hit (POST …/{id}/explain); the county signs a fixed or explained one off (POST …/{id}/sign-off);
/// POST /api/origin/corrections/run checks the caller's region now.
/// </summary>
public static class OriginCorrections
{
    public sealed record Item(long Id, long RecordId, string Entity, string Product, string Rule, string Detail, string State,
        DateTimeOffset FoundAt, DateOnly Deadline, bool PastDeadline, string? Explanation, string? ExplainedBy, string? SignedOffBy);

    public sealed record Township(string TownshipCode, string Name, int Open, OriginContacts.ToCall? Contact, IReadOnlyList<Item> Items);

    public sealed record ExplainRequest(string? Reason);

    public static async Task<IResult> ListAsync(string? region, string? state, StaffScope scope, HubDbContext db, RegionDirectory regions,
        TimeProvider time, CancellationToken ct)
    {
        CorrectionState? wanted = null;
        if (state is not null)
        {
            if (!Enum.TryParse<CorrectionState>(state, true, out var s) || !Enum.IsDefined(s) || char.IsAsciiDigit(state[0]))
                return Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: $"state {state}: Open, Fixed, Explained or SignedOff");
            wanted = s;
        }
        var narrowed = OriginFilter.Narrow(scope, region);
        if (narrowed is null)
            return Results.Problem(statusCode: 403, title: OriginCodes.OutsideRegionScope, detail: $"region {region} lies outside your scope {scope.Region}");
        var prefix = narrowed.Length > 9 ? narrowed[..9] : narrowed;
        var rows = await (from c in db.Set<OriginCorrection>().AsNoTracking()
                          join r in db.Set<OriginRecord>().AsNoTracking() on c.RecordId equals r.Id
                          join e in db.Set<OriginEntity>().AsNoTracking() on r.EntityId equals e.Id
                          where c.TownshipCode.StartsWith(prefix) && (wanted == null || c.State == wanted)
                          orderby c.TownshipCode, c.Deadline, c.Id
                          select new { c, e.Name, r.ProductCode }).Take(10_000).ToListAsync(ct);
        var today = OriginScope.ChinaDate(time.GetUtcNow());
        var lookup = await regions.GetAsync(ct);
        var contacts = await OriginContacts.ToCallAsync(db, rows.Select(x => x.c.TownshipCode).Distinct().ToList(), ct);
        var townships = rows.GroupBy(x => x.c.TownshipCode).Select(g => new Township(g.Key, lookup.NameOf(g.Key),
            g.Count(x => x.c.State == CorrectionState.Open), contacts.GetValueOrDefault(g.Key),
            g.Select(x => new Item(x.c.Id, x.c.RecordId, x.Name, x.ProductCode, x.c.Rule, x.c.Detail, x.c.State.ToString(), x.c.FoundAt,
                x.c.Deadline, x.c.State == CorrectionState.Open && today > x.c.Deadline, x.c.Explanation, x.c.ExplainedBy, x.c.SignedOffBy)).ToList()))
            .ToList();
        return Results.Ok(new { region = narrowed, townships });
    }

    public static async Task<IResult> ExplainAsync(long id, ExplainRequest? body, StaffScope scope, HubDbContext db, TimeProvider time, CancellationToken ct)
    {
        var c = await db.Set<OriginCorrection>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !scope.Overlaps(c.TownshipCode)) return StaffScope.NotFound("CORRECTION_UNKNOWN", $"no correction {id}");
        if (scope.RefuseWrite(c.TownshipCode, $"correction {id}") is { } outside) return outside;
        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500 || TextSafety.HasNul(reason))
            return Results.Problem(statusCode: 422, title: "REASON_REQUIRED", detail: "say why the record is right (1-500 characters)");
        if (c.State != CorrectionState.Open)
            return Results.Problem(statusCode: 409, title: "CORRECTION_NOT_OPEN", detail: $"correction {id} is {c.State}");
        var now = time.GetUtcNow();
        (c.State, c.Explanation, c.ExplainedBy, c.ExplainedAt) = (CorrectionState.Explained, reason, scope.UserName, now);
        AuditLog.Add(db, scope, "origin.correction.explain", $"correction:{id}", c.TownshipCode, new { c.RecordId, c.Rule, reason }, now);
        await db.SaveChangesAsync(ct);
        return Results.Ok(new { c.Id, state = c.State.ToString() });
    }

    /// <summary>Only the county signs off (县级要负责督促指导): a county-scope clerk or the administrator.</summary>
    public static async Task<IResult> SignOffAsync(long id, StaffScope scope, HubDbContext db, TimeProvider time, CancellationToken ct)
    {
        var c = await db.Set<OriginCorrection>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !scope.Overlaps(c.TownshipCode)) return StaffScope.NotFound("CORRECTION_UNKNOWN", $"no correction {id}");
        if (!scope.IsIn(StaffRoles.Admin) && scope.Region.Length != 6)
            return Results.Problem(statusCode: 403, title: "COUNTY_SIGN_OFF_REQUIRED", detail: "the county (a county clerk or the administrator) signs a correction off");
        if (scope.RefuseWrite(c.TownshipCode, $"correction {id}") is { } outside) return outside;
        if (c.State is not (CorrectionState.Fixed or CorrectionState.Explained))
            return Results.Problem(statusCode: 409, title: "CORRECTION_NOT_READY", detail: $"correction {id} is {c.State}: fix the record or explain it first");
        var now = time.GetUtcNow();
        (c.State, c.SignedOffBy, c.SignedOffAt) = (CorrectionState.SignedOff, scope.UserName, now);
        AuditLog.Add(db, scope, "origin.correction.sign-off", $"correction:{id}", c.TownshipCode, new { c.RecordId, c.Rule }, now);
        await db.SaveChangesAsync(ct);
        return Results.Ok(new { c.Id, state = c.State.ToString() });
    }

    public static async Task<IResult> RunAsync(StaffScope scope, OnlineChecks checks, HubDbContext db, CancellationToken ct)
    {
        var prefix = scope.Region;
        var ids = await db.Set<OriginRecord>().Where(r => r.RegionCode.StartsWith(prefix)).Select(r => r.Id).ToListAsync(ct);
        return Results.Ok(new { records = ids.Count, hits = await checks.RunAsync(ids, ct) });
    }
}
