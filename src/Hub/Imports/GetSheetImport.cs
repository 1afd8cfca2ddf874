using System.Text.Json;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Imports;

/// <summary>GET /api/imports/{id}: a background import's rows read, rows checked, state and, once finished, its report.</summary>
public static class GetSheetImport
{
    public sealed record View(Guid Id, string Kind, string State, int RowsRead, int RowsChecked, string StartedBy,
        DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, JsonElement? Report);

    public static async Task<IResult> HandleAsync(Guid id, StaffScope scope, HubDbContext db, CancellationToken ct)
    {
        var import = await db.Set<SheetImport>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (import is null || !scope.Overlaps(import.Region))
            return StaffScope.NotFound("IMPORT_UNKNOWN", $"no import {id}");
        JsonElement? report = import.Report is null ? null : JsonDocument.Parse(import.Report).RootElement.Clone();
        return Results.Ok(new View(import.Id, import.Kind, import.State.ToString().ToLowerInvariant(), import.RowsRead, import.RowsChecked,
            import.StartedBy, import.StartedAt, import.UpdatedAt, import.FinishedAt, report));
    }
}
