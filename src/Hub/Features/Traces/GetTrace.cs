using System.Text.Json;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>GET /api/traces/{id}: a stored trace, for a caller whose scope covers the scope it ran in (else 404).</summary>
public static class GetTrace
{
    public static async Task<IResult> HandleAsync(long id, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var view = await LoadAsync(id, db, scope, ct);
        return view is null ? NotFound(id) : Results.Ok(view);
    }

    public static IResult NotFound(long id) => StaffScope.NotFound("TRACE_NOT_FOUND", $"trace {id} does not exist in your region");

    /// <summary>
    /// The trace, if the caller sees at least what its runner saw: a county clerk cannot read a province-wide trace,
    /// which names places outside the county.
    /// </summary>
    public static async Task<TraceView?> LoadAsync(long id, HubDbContext db, StaffScope scope, CancellationToken ct)
    {
        var record = await db.Set<OutbreakTraceRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (record is null || !scope.Covers(record.ScopeRegion)) return null;
        return JsonSerializer.Deserialize<TraceView>(record.Result, CanonicalJson.Options);
    }
}
