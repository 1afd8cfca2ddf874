using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using NetTopologySuite.Geometries;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>What a row of the 采集表 (or one record) does: 新增 add, 更新 change, 无变化 unchanged, or 拒收 refused.</summary>
public enum OriginChange { Add, Change, Unchanged, Refused }

/// <summary>One line of the diff a dry run answers: the sheet's row, what it does, the record it touches, and why it is refused.</summary>
public sealed record OriginRowDiff(int Row, OriginChange Change, long? RecordId, IReadOnlyList<OriginProblem> Problems);

/// <summary>A record the decision writes: the record (id 0 when new), its entity, what the load held for it, and whether it changed or moved.</summary>
public sealed record OriginRecordPlan(OriginInput Row, OriginRecord Record, OriginEntity Entity, OriginTables.HeldRecord? Held, bool Changed, bool Moved);

/// <summary>
/// The decision over a batch of checked rows: every row's line of the diff, the faults (when any, nothing is written:
/// the sheet is all rows or none), and the plan of what to write: entities to create or change, records to create or
/// update, points that moved.
/// </summary>
public sealed record OriginDecision(
    IReadOnlyList<OriginRowDiff> Diff,
    IReadOnlyList<OriginProblem> Problems,
    IReadOnlyList<OriginEntity> CreatedEntities,
    IReadOnlyList<OriginEntity> ChangedEntities,
    IReadOnlyList<OriginRecordPlan> Records)
{
    public bool Accepted => Problems.Count == 0;
    public int Added => Diff.Count(d => d.Change == OriginChange.Add);
    public int Changed => Diff.Count(d => d.Change == OriginChange.Change);
    public int Unchanged => Diff.Count(d => d.Change == OriginChange.Unchanged);
    public int Refused => Diff.Count(d => d.Change == OriginChange.Refused);

    /// <summary>
    /// Decides in plain C#, from the rows as checked (<paramref name="checkedRows"/>, with the faults the checker found
    /// in <paramref name="checkFaults"/>) and what the load held: the entities of the rows' (county, name) and their
    /// records of the rows' products. A record is one entity, product, base address, plot (地块编号, else the point) and
    /// cycle 茬次: the same key twice in one batch is <see cref="OriginCodes.DuplicateRow"/>. Rows are compared with the
    /// held record by content hash, so a sheet sent again changes and uploads nothing.
    /// </summary>
    /// <param name="rowNumbers">Every row the batch holds, faulty or not, in order: the diff has a line for each.</param>
    public static OriginDecision Decide(IReadOnlyList<int> rowNumbers, IReadOnlyList<OriginInput> checkedRows, IReadOnlyList<OriginProblem> checkFaults,
        IReadOnlyList<OriginTables.EntityRow> heldEntities, IReadOnlyList<OriginTables.HeldRecord> heldRecords, string actor, DateTimeOffset now,
        Func<OriginColumn, string>? columnName = null)
    {
        columnName ??= OriginColumns.HeaderOf;
        var problems = new List<OriginProblem>(checkFaults);

        // 1. One record per key in the batch: a repeated key is refused, naming the row it repeats.
        var seen = new Dictionary<(string, string, string, string, string, string), int>();
        var rows = new List<OriginInput>(checkedRows.Count);
        foreach (var row in checkedRows)
        {
            var key = (row.CountyCode, row.EntityName, row.Product.Code, row.BaseAddress, row.PlotKey, row.Cycle);
            if (seen.TryGetValue(key, out var first))
                problems.Add(new OriginProblem(row.Row, columnName(OriginColumn.BaseAddress), OriginCodes.DuplicateRow,
                    $"the same entity, product, base address, plot (地块编号, else the point) and cycle as row {first}: one record per base/plot and cycle"));
            else
            {
                seen[key] = row.Row;
                rows.Add(row);
            }
        }

        // 2. Entities: what is held, merged with the rows (the latest row speaks for it, blank cells keep what is known).
        var held = heldEntities.ToDictionary(e => (e.CountyCode, e.Name));
        var entities = new Dictionary<(string County, string Name), OriginEntity>();
        foreach (var row in rows)
        {
            if (!entities.TryGetValue((row.CountyCode, row.EntityName), out var e))
            {
                var h = held.GetValueOrDefault((row.CountyCode, row.EntityName));
                entities[(row.CountyCode, row.EntityName)] = e = h is null
                    ? new OriginEntity { Name = row.EntityName, CountyCode = row.CountyCode }
                    : new OriginEntity
                    {
                        Id = h.Id, Name = h.Name, CountyCode = h.CountyCode, Type = Enum.Parse<OriginEntityType>(h.Type), Purchaser = h.Purchaser,
                        ContactName = h.ContactName, Phone = h.Phone, CreditRating = h.CreditRating,
                    };
            }
            e.Type = row.EntityType;
            e.Purchaser |= row.Purchaser;
            e.ContactName = row.ContactName ?? e.ContactName;
            e.Phone = row.Phone ?? e.Phone;
            e.CreditRating = row.CreditRating ?? e.CreditRating;
        }
        var createdEntities = entities.Values.Where(e => e.Id == 0).ToList();
        var changedEntities = entities.Values.Where(e => e.Id != 0 && held[(e.CountyCode, e.Name)] is var h
            && (h.Type != e.Type.ToString() || h.Purchaser != e.Purchaser || h.ContactName != e.ContactName || h.Phone != e.Phone
                || h.CreditRating != e.CreditRating)).ToList();

        // 3. The held records by their key, and the plots of each base, by the entity's key (a new entity holds none).
        var keyOfEntity = heldEntities.ToDictionary(e => e.Id, e => (e.CountyCode, e.Name));
        var existing = new Dictionary<((string, string), string, string, string, string), OriginTables.HeldRecord>();
        var plotsOfBase = new Dictionary<((string, string), string, string, string), List<OriginTables.HeldRecord>>();
        foreach (var r in heldRecords)
        {
            if (!keyOfEntity.TryGetValue(r.EntityId, out var entityKey)) continue;
            existing[(entityKey, r.ProductCode, r.BaseAddress, r.PlotKey, r.Cycle)] = r;
            var baseKey = (entityKey, r.ProductCode, r.BaseAddress, r.Cycle);
            if (!plotsOfBase.TryGetValue(baseKey, out var plots)) plotsOfBase[baseKey] = plots = [];
            plots.Add(r);
        }

        // 4. Each row as the record it makes, with its hash: new, changed or unchanged; moved or not.
        var records = new List<OriginRecordPlan>(rows.Count);
        var adopted = new HashSet<long>();
        foreach (var row in rows)
        {
            var entityKey = (row.CountyCode, row.EntityName);
            var entity = entities[entityKey];
            var plotKey = row.PlotKey;
            // Without a plot number, the base's only plot is this one when one side lacks the point: a sheet sent first
            // without coordinates and then with them, or again without them, updates its record instead of adding one.
            if (!existing.TryGetValue((entityKey, row.Product.Code, row.BaseAddress, plotKey, row.Cycle), out var old)
                && !plotKey.StartsWith("no:", StringComparison.Ordinal)
                && plotsOfBase.TryGetValue((entityKey, row.Product.Code, row.BaseAddress, row.Cycle), out var plots)
                && plots.Count == 1 && (plotKey.Length == 0 || plots[0].PlotKey.Length == 0) && adopted.Add(plots[0].Id))
                (plotKey, old) = (plots[0].PlotKey.Length == 0 ? plotKey : plots[0].PlotKey, plots[0]);
            var oldPoint = old?.Longitude is { } ox && old.Latitude is { } oy ? Wgs84.CreatePoint(new Coordinate(ox, oy)) : null;
            var point = OriginCanonical.PointOf(row.Longitude, row.Latitude);
            // Blank coordinates keep the point a field visit gave: a sheet sent again must not erase it.
            var moved = point is not null && (oldPoint is null || !oldPoint.EqualsExact(point));
            var record = new OriginRecord
            {
                Id = old?.Id ?? 0, EntityId = entity.Id, ProductCode = row.Product.Code, Scale = row.Scale, Unit = row.Product.Unit,
                BaseAddress = row.BaseAddress, PlotKey = plotKey, RegionCode = row.RegionCode, CountyCode = row.CountyCode, TownshipCode = row.TownshipCode,
                Location = point ?? oldPoint, MarketStart = row.MarketStart, MarketEnd = row.MarketEnd, Cycle = row.Cycle,
                ProductionMode = row.ProductionMode, TraceMethods = row.TraceMethods, GridSupervisor = row.GridSupervisor,
                GridSupervisorPhone = row.GridSupervisorPhone, Collector = row.Collector, CollectorPhone = row.CollectorPhone,
                CollectedAt = row.CollectedAt, FarmCode = row.FarmCode ?? old?.FarmCode, ContentHash = "", CreatedBy = actor,
                CreatedAt = now, UpdatedAt = now,
            };
            record.ContentHash = OriginCanonical.Hash(record, entity, row.Product);
            records.Add(new OriginRecordPlan(row, record, entity, old, old is null || old.ContentHash != record.ContentHash, moved));
        }

        // 5. The diff: a line per row of the batch, in its order.
        var byRow = records.ToDictionary(r => r.Row.Row);
        var faultsOf = problems.Where(p => p.Row is not null).GroupBy(p => p.Row!.Value).ToDictionary(g => g.Key, g => (IReadOnlyList<OriginProblem>)[.. g]);
        var diff = rowNumbers.Select(n =>
            faultsOf.TryGetValue(n, out var faults) ? new OriginRowDiff(n, OriginChange.Refused, byRow.GetValueOrDefault(n)?.Held?.Id, faults)
            : byRow.TryGetValue(n, out var plan) ? new OriginRowDiff(n, plan.Held is null ? OriginChange.Add : plan.Changed ? OriginChange.Change : OriginChange.Unchanged,
                plan.Held?.Id, [])
            : new OriginRowDiff(n, OriginChange.Refused, null, [])).ToList();
        return new OriginDecision(diff, Sorted(problems), createdEntities, changedEntities, records);
    }

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private static List<OriginProblem> Sorted(List<OriginProblem> problems) =>
        problems.OrderBy(p => p.Row ?? 0).ThenBy(p => OriginColumns.All.FirstOrDefault(c => c.Header == p.Column)?.Column ?? (OriginColumn)99).ToList();
}
