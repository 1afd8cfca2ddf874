using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>What one write of origin rows did.</summary>
public sealed record OriginWriteSummary(int Rows, int Created, int Updated, int Unchanged, int EntitiesCreated, IReadOnlyList<long> RecordIds);

/// <summary>
/// Writes checked rows: entity found by county and name or created, record found by its key (entity, product, base
/// address, cycle) or created, every change of point kept, and an outbox row for each new or changed record, all in
/// one transaction. An unchanged row changes nothing and uploads nothing. Set-based SQL over unnest arrays: a
/// 100,000-row sheet through EF's change tracker took minutes and gigabytes.
/// </summary>
public sealed class OriginStore(NpgsqlDataSource data, IServiceProvider services)
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public static Point? PointOf(decimal? longitude, decimal? latitude) =>
        longitude is { } x && latitude is { } y ? Wgs84.CreatePoint(new Coordinate((double)x, (double)y)) : null;

    /// <returns>The summary, or the rows whose key repeats in the batch (nothing written then).</returns>
    public async Task<(OriginWriteSummary? Done, List<OriginProblem> Problems)> WriteAsync(
        IReadOnlyList<OriginInput> rows, string actor, string source, DateTimeOffset now, CancellationToken ct)
    {
        var problems = new List<OriginProblem>();
        var seen = new Dictionary<(string, string, string, string, string, string), int>();
        foreach (var row in rows)
        {
            var key = (row.CountyCode, row.EntityName, row.Product.Code, row.BaseAddress, row.PlotKey, row.Cycle);
            if (seen.TryGetValue(key, out var first))
                problems.Add(new OriginProblem(row.Row, OriginColumns.HeaderOf(OriginColumn.BaseAddress), OriginCodes.DuplicateRow,
                    $"the same entity, product, base address, plot (地块编号, else the point) and cycle as row {first}: one record per base/plot and cycle"));
            else seen[key] = row.Row;
        }
        if (problems.Count > 0) return (null, problems);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await WriteOnceAsync(rows, actor, source, now, ct), problems);
            }
            catch (PostgresException e) when (attempt < 3 && e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another write created the same record meanwhile: read again and apply on top of it.
            }
        }
    }

    private sealed record Existing(long Id, Point? Location, string Hash, string? FarmCode);

    private async Task<OriginWriteSummary> WriteOnceAsync(IReadOnlyList<OriginInput> rows, string actor, string source, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await data.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        // 1. Entities: the rows of one entity merged (the latest row speaks for it, blank cells keep what is known),
        // then upserted by county and name.
        var entities = new Dictionary<(string County, string Name), OriginEntity>();
        foreach (var row in rows)
        {
            if (!entities.TryGetValue((row.CountyCode, row.EntityName), out var e))
                entities[(row.CountyCode, row.EntityName)] = e = new OriginEntity { Name = row.EntityName, CountyCode = row.CountyCode };
            e.Type = row.EntityType;
            e.Purchaser |= row.Purchaser;
            e.ContactName = row.ContactName ?? e.ContactName;
            e.Phone = row.Phone ?? e.Phone;
            e.CreditRating = row.CreditRating ?? e.CreditRating;
        }
        var list = entities.Values.ToList();
        var entitiesCreated = 0;
        await using (var upsert = Command(conn, tx, """
            insert into origin_entity (name, type, purchaser, contact_name, phone, credit_rating, county_code, created_at, updated_at)
            select n, t, p, c, ph, cr, co, @now, @now from unnest(@n, @t, @p, @c, @ph, @cr, @co) as u(n, t, p, c, ph, cr, co)
            on conflict (county_code, name) do update set
                type = excluded.type, purchaser = origin_entity.purchaser or excluded.purchaser,
                contact_name = coalesce(excluded.contact_name, origin_entity.contact_name), phone = coalesce(excluded.phone, origin_entity.phone),
                credit_rating = coalesce(excluded.credit_rating, origin_entity.credit_rating), updated_at = excluded.updated_at
            returning id, county_code, name, purchaser, contact_name, phone, credit_rating, xmax = 0
            """))
        {
            upsert.Parameters.Add(Text("n", list.Select(e => e.Name)));
            upsert.Parameters.Add(Text("t", list.Select(e => e.Type.ToString())));
            upsert.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = list.Select(e => e.Purchaser).ToArray() });
            upsert.Parameters.Add(Text("c", list.Select(e => e.ContactName)));
            upsert.Parameters.Add(Text("ph", list.Select(e => e.Phone)));
            upsert.Parameters.Add(Text("cr", list.Select(e => e.CreditRating)));
            upsert.Parameters.Add(Text("co", list.Select(e => e.CountyCode)));
            upsert.Parameters.Add(Now(now));
            await using var reader = await upsert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var e = entities[(reader.GetString(1), reader.GetString(2))];
                e.Id = reader.GetInt64(0);
                e.Purchaser = reader.GetBoolean(3);
                e.ContactName = reader.IsDBNull(4) ? null : reader.GetString(4);
                e.Phone = reader.IsDBNull(5) ? null : reader.GetString(5);
                e.CreditRating = reader.IsDBNull(6) ? null : reader.GetString(6);
                if (reader.GetBoolean(7)) entitiesCreated++;
            }
        }

        // 2. The records these rows may update.
        var existing = new Dictionary<(long, string, string, string, string), Existing>();
        var plotsOfBase = new Dictionary<(long, string, string, string), List<(string PlotKey, Existing Record)>>();
        await using (var read = Command(conn, tx, """
            select id, entity_id, product_code, base_address, cycle, st_x(location::geometry), st_y(location::geometry), content_hash, farm_code, plot_key
            from origin_record where entity_id = any(@e) and product_code = any(@p)
            """))
        {
            read.Parameters.AddWithValue("e", list.Select(e => e.Id).ToArray());
            read.Parameters.AddWithValue("p", rows.Select(r => r.Product.Code).Distinct().ToArray());
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var point = reader.IsDBNull(5) ? null : Wgs84.CreatePoint(new Coordinate(reader.GetDouble(5), reader.GetDouble(6)));
                var found = new Existing(reader.GetInt64(0), point, reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8));
                existing[(reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(9), reader.GetString(4))] = found;
                var baseKey = (reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
                if (!plotsOfBase.TryGetValue(baseKey, out var plots)) plotsOfBase[baseKey] = plots = [];
                plots.Add((reader.GetString(9), found));
            }
        }

        // 3. Each row as the record it makes, with its hash: new, changed or unchanged; moved or not.
        var records = new List<(OriginRecord Record, OriginEntity Entity, Existing? Old, bool Changed, bool Moved)>(rows.Count);
        var adopted = new HashSet<long>();
        foreach (var row in rows)
        {
            var entity = entities[(row.CountyCode, row.EntityName)];
            var plotKey = row.PlotKey;
            // Without a plot number, the base's only plot is this one when one side lacks the point: a sheet sent first
            // without coordinates and then with them, or again without them, updates its record instead of adding one.
            if (!existing.TryGetValue((entity.Id, row.Product.Code, row.BaseAddress, plotKey, row.Cycle), out var old)
                && !plotKey.StartsWith("no:", StringComparison.Ordinal)
                && plotsOfBase.TryGetValue((entity.Id, row.Product.Code, row.BaseAddress, row.Cycle), out var plots)
                && plots.Count == 1 && (plotKey.Length == 0 || plots[0].PlotKey.Length == 0) && adopted.Add(plots[0].Record.Id))
                (plotKey, old) = (plots[0].PlotKey.Length == 0 ? plotKey : plots[0].PlotKey, plots[0].Record);
            var point = PointOf(row.Longitude, row.Latitude);
            // Blank coordinates keep the point a field visit gave: a sheet sent again must not erase it.
            var moved = point is not null && (old?.Location is null || !old.Location.EqualsExact(point));
            var record = new OriginRecord
            {
                Id = old?.Id ?? 0, EntityId = entity.Id, ProductCode = row.Product.Code, Scale = row.Scale, Unit = row.Product.Unit,
                BaseAddress = row.BaseAddress, PlotKey = plotKey, RegionCode = row.RegionCode, CountyCode = row.CountyCode, TownshipCode = row.TownshipCode,
                Location = point ?? old?.Location, MarketStart = row.MarketStart, MarketEnd = row.MarketEnd, Cycle = row.Cycle,
                ProductionMode = row.ProductionMode, TraceMethods = row.TraceMethods, GridSupervisor = row.GridSupervisor,
                GridSupervisorPhone = row.GridSupervisorPhone, Collector = row.Collector, CollectorPhone = row.CollectorPhone,
                CollectedAt = row.CollectedAt, FarmCode = row.FarmCode ?? old?.FarmCode, ContentHash = "", CreatedBy = actor,
                CreatedAt = now, UpdatedAt = now,
            };
            record.ContentHash = OriginCanonical.Hash(record, entity, row.Product);
            records.Add((record, entity, old, old is null || old.Hash != record.ContentHash, moved));
        }

        // 4. New records inserted, changed ones updated, in one statement each.
        var created = records.Where(r => r.Old is null).ToList();
        if (created.Count > 0)
        {
            await using var insert = Command(conn, tx, $"""
                insert into origin_record (entity_id, product_code, scale, unit, base_address, region_code, county_code, township_code, location,
                    market_start, market_end, cycle, production_mode, trace_methods, grid_supervisor, grid_supervisor_phone, collector,
                    collector_phone, collected_at, farm_code, content_hash, plot_key, created_by, created_at, updated_at)
                select {Columns}, @actor, @now, @now from {Unnest}
                returning id, entity_id, product_code, base_address, cycle, plot_key
                """);
            AddRecordArrays(insert, created.Select(r => r.Record).ToList());
            insert.Parameters.AddWithValue("actor", actor);
            insert.Parameters.Add(Now(now));
            var byKey = created.ToDictionary(r => (r.Record.EntityId, r.Record.ProductCode, r.Record.BaseAddress, r.Record.Cycle, r.Record.PlotKey), r => r.Record);
            await using var reader = await insert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                byKey[(reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5))].Id = reader.GetInt64(0);
        }
        var updated = records.Where(r => r.Old is not null && r.Changed).ToList();
        if (updated.Count > 0)
        {
            await using var update = Command(conn, tx, $"""
                update origin_record r set scale = u.scale, unit = u.unit, region_code = u.region_code, county_code = u.county_code,
                    township_code = u.township_code, location = u.location, market_start = u.market_start, market_end = u.market_end,
                    production_mode = u.production_mode, trace_methods = u.trace_methods, grid_supervisor = u.grid_supervisor,
                    grid_supervisor_phone = u.grid_supervisor_phone, collector = u.collector, collector_phone = u.collector_phone,
                    collected_at = u.collected_at, farm_code = u.farm_code, content_hash = u.content_hash, plot_key = u.plot_key, updated_at = @now
                from (select x.o, {Columns} from {Unnest}) as u join unnest(@id) with ordinality as i(id, o) on i.o = u.o
                where r.id = i.id
                """);
            AddRecordArrays(update, updated.Select(r => r.Record).ToList());
            update.Parameters.AddWithValue("id", updated.Select(r => r.Record.Id).ToArray());
            update.Parameters.Add(Now(now));
            await update.ExecuteNonQueryAsync(ct);
        }

        // 5. The history of every point that moved, and an upload of everything new or changed.
        var moves = records.Where(r => r.Moved).ToList();
        if (moves.Count > 0)
        {
            await using var history = Command(conn, tx, """
                insert into origin_location_change (record_id, "from", "to", source, changed_by, changed_at)
                select id, case when fx is null then null else st_setsrid(st_makepoint(fx, fy), 4326)::geography end,
                       st_setsrid(st_makepoint(tx, ty), 4326)::geography, @source, @actor, @now
                from unnest(@id, @fx, @fy, @tx, @ty) as u(id, fx, fy, tx, ty)
                """);
            history.Parameters.AddWithValue("id", moves.Select(m => m.Record.Id).ToArray());
            history.Parameters.Add(Doubles("fx", moves.Select(m => m.Old?.Location?.X)));
            history.Parameters.Add(Doubles("fy", moves.Select(m => m.Old?.Location?.Y)));
            history.Parameters.Add(Doubles("tx", moves.Select(m => (double?)m.Record.Location!.X)));
            history.Parameters.Add(Doubles("ty", moves.Select(m => (double?)m.Record.Location!.Y)));
            history.Parameters.AddWithValue("source", source);
            history.Parameters.AddWithValue("actor", actor);
            history.Parameters.Add(Now(now));
            await history.ExecuteNonQueryAsync(ct);
        }
        var changed = records.Where(r => r.Changed).ToList();
        if (changed.Count > 0)
        {
            var products = rows.Select(r => r.Product).DistinctBy(p => p.Code).ToDictionary(p => p.Code);
            await Persistence.Tables.OutboxTable.InsertAsync(conn, tx,
                [.. changed.Select(c => NewOutbox(c.Record, c.Entity, products[c.Record.ProductCode]))], null, now, ct);
        }
        var summary = new OriginWriteSummary(rows.Count, created.Count, updated.Count, records.Count - created.Count - updated.Count, entitiesCreated,
            records.Select(r => r.Record.Id).ToList());

        // 审计日志: one row per write, in its transaction (origin.import for a sheet, origin.record for one record).
        await using (var audit = Command(conn, tx, """
            insert into audit_log (at, actor, action, target, region, detail) values (@now, @actor, @action, @target, @region, @detail::jsonb)
            """))
        {
            var counties = rows.Select(r => r.CountyCode).Distinct().Take(2).ToList();
            audit.Parameters.Add(Now(now));
            audit.Parameters.AddWithValue("actor", actor);
            audit.Parameters.AddWithValue("action", "origin." + source);
            audit.Parameters.AddWithValue("target", rows.Count == 1 ? OriginDestinations.RecordKey(summary.RecordIds[0]) : $"{rows.Count} rows");
            audit.Parameters.AddWithValue("region", counties.Count == 1 ? counties[0] : DBNull.Value);
            audit.Parameters.AddWithValue("detail", System.Text.Json.JsonSerializer.Serialize(new
            {
                rows = rows.Count, created = created.Count, updated = updated.Count, unchanged = summary.Unchanged, entitiesCreated,
            }));
            await audit.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        if (changed.Count > 0) services.GetService<OutboxSignal>()?.Notify();
        // 线上巡查 on each write; a sheet of more records is checked by the nightly run.
        if (changed.Count is > 0 and <= OnlineChecks.OnWriteLimit && services.GetService<OnlineChecks>() is { } checks)
            await checks.RunAfterWriteAsync(changed.Select(c => c.Record.Id).ToList(), ct);
        return summary;
    }

    /// <summary>The outbox row of one new or changed record, for writes that go through EF (a refined point).</summary>
    /// <summary>The national agri-product platform's item for a record that changed.</summary>
    public static Persistence.Tables.OutboxTable.Item NewOutbox(OriginRecord record, OriginEntity entity, OriginProduct product) =>
        new(OriginDestinations.OriginRecords, OriginDestinations.RecordKey(record.Id), OriginCanonical.Payload(record, entity, product), record.RegionCode);

    private const string Columns = """
        x.entity_id, x.product_code, x.scale, x.unit, x.base_address, x.region_code, x.county_code, x.township_code,
        case when x.lon is null then null else st_setsrid(st_makepoint(x.lon, x.lat), 4326)::geography end as location,
        x.market_start, x.market_end, x.cycle, x.production_mode, coalesce(string_to_array(x.trace_methods, ','), '{}') as trace_methods,
        x.grid_supervisor, x.grid_supervisor_phone, x.collector, x.collector_phone, x.collected_at, x.farm_code, x.content_hash, x.plot_key
        """;

    private const string Unnest = """
        unnest(@entity_id, @product_code, @scale, @unit, @base_address, @region_code, @county_code, @township_code, @lon, @lat,
               @market_start, @market_end, @cycle, @production_mode, @trace_methods, @grid_supervisor, @grid_supervisor_phone,
               @collector, @collector_phone, @collected_at, @farm_code, @content_hash, @plot_key) with ordinality
        as x(entity_id, product_code, scale, unit, base_address, region_code, county_code, township_code, lon, lat, market_start,
             market_end, cycle, production_mode, trace_methods, grid_supervisor, grid_supervisor_phone, collector, collector_phone,
             collected_at, farm_code, content_hash, plot_key, o)
        """;

    private static void AddRecordArrays(NpgsqlCommand cmd, IReadOnlyList<OriginRecord> r)
    {
        cmd.Parameters.AddWithValue("entity_id", r.Select(x => x.EntityId).ToArray());
        cmd.Parameters.Add(Text("product_code", r.Select(x => x.ProductCode)));
        cmd.Parameters.AddWithValue("scale", r.Select(x => x.Scale).ToArray());
        cmd.Parameters.Add(Text("unit", r.Select(x => x.Unit.ToString())));
        cmd.Parameters.Add(Text("base_address", r.Select(x => x.BaseAddress)));
        cmd.Parameters.Add(Text("region_code", r.Select(x => x.RegionCode)));
        cmd.Parameters.Add(Text("county_code", r.Select(x => x.CountyCode)));
        cmd.Parameters.Add(Text("township_code", r.Select(x => x.TownshipCode)));
        cmd.Parameters.Add(Doubles("lon", r.Select(x => x.Location?.X)));
        cmd.Parameters.Add(Doubles("lat", r.Select(x => x.Location?.Y)));
        cmd.Parameters.Add(new NpgsqlParameter("market_start", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = r.Select(x => x.MarketStart).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("market_end", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = r.Select(x => x.MarketEnd).ToArray() });
        cmd.Parameters.Add(Text("cycle", r.Select(x => x.Cycle)));
        cmd.Parameters.Add(Text("production_mode", r.Select(x => x.ProductionMode?.ToString())));
        cmd.Parameters.Add(Text("trace_methods", r.Select(x => x.TraceMethods.Length == 0 ? null : string.Join(",", x.TraceMethods))));
        cmd.Parameters.Add(Text("grid_supervisor", r.Select(x => x.GridSupervisor)));
        cmd.Parameters.Add(Text("grid_supervisor_phone", r.Select(x => x.GridSupervisorPhone)));
        cmd.Parameters.Add(Text("collector", r.Select(x => x.Collector)));
        cmd.Parameters.Add(Text("collector_phone", r.Select(x => x.CollectorPhone)));
        cmd.Parameters.Add(new NpgsqlParameter("collected_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = r.Select(x => x.CollectedAt).ToArray() });
        cmd.Parameters.Add(Text("farm_code", r.Select(x => x.FarmCode)));
        cmd.Parameters.Add(Text("content_hash", r.Select(x => x.ContentHash)));
        cmd.Parameters.Add(Text("plot_key", r.Select(x => x.PlotKey)));
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction tx, string sql) => new(sql, conn, tx) { CommandTimeout = 600 };

    private static NpgsqlParameter Text(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static NpgsqlParameter Doubles(string name, IEnumerable<double?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = values.ToArray() };

    private static NpgsqlParameter Now(DateTimeOffset now) => new("now", NpgsqlDbType.TimestampTz) { Value = now };
}
