using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// The owner of the origin tables 产地溯源: origin_entity 种养殖主体, origin_record 采集记录 and origin_location_change
/// (written by the 采集表 and single records through the inbound pipeline), and the tables the origin reads, reports and
/// checks name (origin_product, origin_rapid_test, origin_contact, origin_planting_area, origin_correction,
/// origin_overdue; see the parts beside this file). Statements are answered as (SQL, parameters) for the message's
/// own batch; the feature maps its rows to the plain rows here, so this layer knows no feature type.
/// </summary>
public static class OriginTables
{
    /// <summary>One 种养殖主体 as stored; <see cref="Id"/> is reserved before it is inserted.</summary>
    public sealed record EntityRow(long Id, string CountyCode, string Name, string Type, bool Purchaser, string? ContactName, string? Phone,
        string? CreditRating);

    /// <summary>A record the load found: its key, point, content hash and farm.</summary>
    public sealed record HeldRecord(long Id, long EntityId, string ProductCode, string BaseAddress, string PlotKey, string Cycle,
        double? Longitude, double? Latitude, string ContentHash, string? FarmCode);

    /// <summary>One 采集记录 to insert (with a reserved id) or update (by id).</summary>
    public sealed record RecordRow(long Id, long EntityId, string ProductCode, decimal Scale, string Unit, string BaseAddress, string RegionCode,
        string CountyCode, string TownshipCode, double? Longitude, double? Latitude, DateOnly? MarketStart, DateOnly? MarketEnd, string Cycle,
        string? ProductionMode, string? TraceMethods, string? GridSupervisor, string? GridSupervisorPhone, string? Collector,
        string? CollectorPhone, DateTimeOffset CollectedAt, string? FarmCode, string ContentHash, string PlotKey);

    /// <summary>A point that moved, for the history: from (null when the record had none) to.</summary>
    public sealed record PointMove(long RecordId, double? FromX, double? FromY, double ToX, double ToY);

    // ---- load: what a batch of rows may update ----

    /// <summary>The entities of these (county, name) keys: id, county_code, name, type, purchaser, contact_name, phone, credit_rating.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) LoadEntities(IReadOnlyCollection<(string County, string Name)> keys) =>
        ("""
         select e.id, e.county_code, e.name, e.type, e.purchaser, e.contact_name, e.phone, e.credit_rating
         from origin_entity e join unnest(@co, @n) as k(co, n) on e.county_code = k.co and e.name = k.n
         """,
        [Texts("co", keys.Select(k => k.County)), Texts("n", keys.Select(k => k.Name))]);

    /// <summary>The records of those entities for these products, in the column order of <see cref="ReadHeldRecord"/>.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) LoadRecords(IReadOnlyCollection<(string County, string Name)> keys,
        IReadOnlyCollection<string> products) =>
        ("""
         select r.id, r.entity_id, r.product_code, r.base_address, r.plot_key, r.cycle,
                st_x(r.location::geometry), st_y(r.location::geometry), r.content_hash, r.farm_code
         from origin_record r
         join origin_entity e on e.id = r.entity_id
         join unnest(@co, @n) as k(co, n) on e.county_code = k.co and e.name = k.n
         where r.product_code = any(@p)
         """,
        [Texts("co", keys.Select(k => k.County)), Texts("n", keys.Select(k => k.Name)), Texts("p", products)]);

    public static EntityRow ReadHeldEntity(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.GetBoolean(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7));

    public static HeldRecord ReadHeldRecord(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3),
        r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetDouble(6), r.IsDBNull(7) ? null : r.GetDouble(7), r.GetString(8),
        r.IsDBNull(9) ? null : r.GetString(9));

    /// <summary>
    /// Ids for the new entities and records, taken from their identity sequences before they are written (and inserted
    /// with overriding system value, the columns being generated always): the outbox payload carries the record's id,
    /// so rows, history and uploads go in one batch. Two results: entity ids, then record ids.
    /// </summary>
    public static IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> ReserveIds(int entities, int records) =>
    [
        ("select nextval(pg_get_serial_sequence('origin_entity', 'id')) from generate_series(1, @n)", [new NpgsqlParameter<int>("n", entities)]),
        ("select nextval(pg_get_serial_sequence('origin_record', 'id')) from generate_series(1, @n)", [new NpgsqlParameter<int>("n", records)]),
    ];

    // ---- store: one batch ----

    /// <summary>
    /// The statements that store a decided batch: new entities inserted under their reserved ids (the same name in the
    /// county created meanwhile is a unique violation, which the pipeline applies again on top of it), changed ones
    /// updated, records inserted and updated, and every moved point kept in the history.
    /// </summary>
    public static IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Store(IReadOnlyList<EntityRow> createdEntities,
        IReadOnlyList<EntityRow> changedEntities, IReadOnlyList<RecordRow> created, IReadOnlyList<RecordRow> updated, IReadOnlyList<PointMove> moves,
        string actor, string source, DateTimeOffset now)
    {
        if (createdEntities.Count > 0)
            yield return ("""
                insert into origin_entity (id, name, type, purchaser, contact_name, phone, credit_rating, county_code, created_at, updated_at)
                overriding system value
                select id, n, t, p, c, ph, cr, co, @now, @now from unnest(@id, @n, @t, @p, @c, @ph, @cr, @co) as u(id, n, t, p, c, ph, cr, co)
                """, EntityArrays(createdEntities, now));
        if (changedEntities.Count > 0)
            yield return ("""
                update origin_entity e set type = u.t, purchaser = u.p, contact_name = u.c, phone = u.ph, credit_rating = u.cr, updated_at = @now
                from unnest(@id, @n, @t, @p, @c, @ph, @cr, @co) as u(id, n, t, p, c, ph, cr, co)
                where e.id = u.id
                """, EntityArrays(changedEntities, now));
        if (created.Count > 0)
            yield return ($"""
                insert into origin_record (id, entity_id, product_code, scale, unit, base_address, region_code, county_code, township_code, location,
                    market_start, market_end, cycle, production_mode, trace_methods, grid_supervisor, grid_supervisor_phone, collector,
                    collector_phone, collected_at, farm_code, content_hash, plot_key, created_by, created_at, updated_at)
                overriding system value
                select x.id, {RecordColumns}, @actor, @now, @now from {Unnest}
                """, [.. RecordArrays(created), new NpgsqlParameter<string>("actor", actor), Now(now)]);
        if (updated.Count > 0)
            yield return ($"""
                update origin_record r set scale = u.scale, unit = u.unit, region_code = u.region_code, county_code = u.county_code,
                    township_code = u.township_code, location = u.location, market_start = u.market_start, market_end = u.market_end,
                    production_mode = u.production_mode, trace_methods = u.trace_methods, grid_supervisor = u.grid_supervisor,
                    grid_supervisor_phone = u.grid_supervisor_phone, collector = u.collector, collector_phone = u.collector_phone,
                    collected_at = u.collected_at, farm_code = u.farm_code, content_hash = u.content_hash, plot_key = u.plot_key, updated_at = @now
                from (select x.id, {RecordColumns} from {Unnest}) as u
                where r.id = u.id
                """, [.. RecordArrays(updated), Now(now)]);
        if (moves.Count > 0)
            yield return (MovesSql,
            [
                new NpgsqlParameter<long[]>("id", [.. moves.Select(m => m.RecordId)]),
                Doubles("fx", moves.Select(m => m.FromX)), Doubles("fy", moves.Select(m => m.FromY)),
                Doubles("tx", moves.Select(m => (double?)m.ToX)), Doubles("ty", moves.Select(m => (double?)m.ToY)),
                new NpgsqlParameter<string>("source", source), new NpgsqlParameter<string>("actor", actor), Now(now),
            ]);
    }

    private const string MovesSql = """
        insert into origin_location_change (record_id, "from", "to", source, changed_by, changed_at)
        select id, case when fx is null then null else st_setsrid(st_makepoint(fx, fy), 4326)::geography end,
               st_setsrid(st_makepoint(tx, ty), 4326)::geography, @source, @actor, @now
        from unnest(@id, @fx, @fy, @tx, @ty) as u(id, fx, fy, tx, ty)
        """;

    private const string RecordColumns = """
        x.entity_id, x.product_code, x.scale, x.unit, x.base_address, x.region_code, x.county_code, x.township_code,
        case when x.lon is null then null else st_setsrid(st_makepoint(x.lon, x.lat), 4326)::geography end as location,
        x.market_start, x.market_end, x.cycle, x.production_mode, coalesce(string_to_array(x.trace_methods, ','), '{}') as trace_methods,
        x.grid_supervisor, x.grid_supervisor_phone, x.collector, x.collector_phone, x.collected_at, x.farm_code, x.content_hash, x.plot_key
        """;

    private const string Unnest = """
        unnest(@id, @entity_id, @product_code, @scale, @unit, @base_address, @region_code, @county_code, @township_code, @lon, @lat,
               @market_start, @market_end, @cycle, @production_mode, @trace_methods, @grid_supervisor, @grid_supervisor_phone,
               @collector, @collector_phone, @collected_at, @farm_code, @content_hash, @plot_key)
        as x(id, entity_id, product_code, scale, unit, base_address, region_code, county_code, township_code, lon, lat, market_start,
             market_end, cycle, production_mode, trace_methods, grid_supervisor, grid_supervisor_phone, collector, collector_phone,
             collected_at, farm_code, content_hash, plot_key)
        """;

    private static NpgsqlParameter[] EntityArrays(IReadOnlyList<EntityRow> e, DateTimeOffset now) =>
    [
        new NpgsqlParameter<long[]>("id", [.. e.Select(x => x.Id)]),
        Texts("n", e.Select(x => x.Name)), Texts("t", e.Select(x => x.Type)),
        new NpgsqlParameter<bool[]>("p", [.. e.Select(x => x.Purchaser)]),
        Texts("c", e.Select(x => x.ContactName)), Texts("ph", e.Select(x => x.Phone)), Texts("cr", e.Select(x => x.CreditRating)),
        Texts("co", e.Select(x => x.CountyCode)), Now(now),
    ];

    private static NpgsqlParameter[] RecordArrays(IReadOnlyList<RecordRow> r) =>
    [
        new NpgsqlParameter<long[]>("id", [.. r.Select(x => x.Id)]),
        new NpgsqlParameter<long[]>("entity_id", [.. r.Select(x => x.EntityId)]),
        Texts("product_code", r.Select(x => x.ProductCode)),
        new NpgsqlParameter<decimal[]>("scale", [.. r.Select(x => x.Scale)]),
        Texts("unit", r.Select(x => x.Unit)),
        Texts("base_address", r.Select(x => x.BaseAddress)),
        Texts("region_code", r.Select(x => x.RegionCode)),
        Texts("county_code", r.Select(x => x.CountyCode)),
        Texts("township_code", r.Select(x => x.TownshipCode)),
        Doubles("lon", r.Select(x => x.Longitude)),
        Doubles("lat", r.Select(x => x.Latitude)),
        new NpgsqlParameter("market_start", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = r.Select(x => x.MarketStart).ToArray() },
        new NpgsqlParameter("market_end", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = r.Select(x => x.MarketEnd).ToArray() },
        Texts("cycle", r.Select(x => x.Cycle)),
        Texts("production_mode", r.Select(x => x.ProductionMode)),
        Texts("trace_methods", r.Select(x => x.TraceMethods)),
        Texts("grid_supervisor", r.Select(x => x.GridSupervisor)),
        Texts("grid_supervisor_phone", r.Select(x => x.GridSupervisorPhone)),
        Texts("collector", r.Select(x => x.Collector)),
        Texts("collector_phone", r.Select(x => x.CollectorPhone)),
        new NpgsqlParameter("collected_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = r.Select(x => x.CollectedAt.ToUniversalTime()).ToArray() },
        Texts("farm_code", r.Select(x => x.FarmCode)),
        Texts("content_hash", r.Select(x => x.ContentHash)),
        Texts("plot_key", r.Select(x => x.PlotKey)),
    ];

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static NpgsqlParameter Doubles(string name, IEnumerable<double?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = values.ToArray() };

    private static NpgsqlParameter Now(DateTimeOffset now) => new("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() };

    // ==== reads and the tables beside the records ====
    // The map, tiles, statistics, scope and overdue reports, the 线上巡查 checks and the data-quality scorecard read here;
    // the planting areas, corrections and the overdue list are written here. Conditions the feature owns (in scope,
    // current, a region prefix, a filter's WHERE over origin_record r and origin_entity e) are passed in as SQL text.

    // ---- the one map ----

    public static string MapSql(string where, int limit) => $"""
        select r.id, e.name, e.type, r.product_code, p.name, r.scale, r.unit, r.region_code,
               st_x(r.location::geometry), st_y(r.location::geometry), r.collected_at
        from origin_record r join origin_entity e on e.id = r.entity_id join origin_product p on p.code = r.product_code
        where r.location is not null and {where}
        order by r.id
        limit {limit}
        """;

    /// <summary>
    /// A vector tile (@z, @x, @y; @cell when clustered). Clustered: points merged per cell of 1/64 of the tile in degrees
    /// before anything is projected (projecting and clipping each of a z8 tile's 100,000 points was the tile's whole cost).
    /// The tile's envelope in 4326 goes through the GiST index on the geography; ST_AsMVTGeom works in 3857.
    /// </summary>
    public static string TileSql(bool clustered, bool joinEntity, string entityName, string where) => clustered
        ? $"""
          with bounds as (select st_tileenvelope(@z, @x, @y) as g),
          cells as (
            select count(*) as count, sum(r.scale) as scale, avg(st_x(r.location::geometry)) as lon, avg(st_y(r.location::geometry)) as lat
            from origin_record r {(joinEntity ? "join origin_entity e on e.id = r.entity_id" : "")}, bounds b
            where r.location is not null and r.location && st_transform(b.g, 4326)::geography and {where}
            group by floor(st_x(r.location::geometry) / @cell), floor(st_y(r.location::geometry) / @cell)),
          mvt as (
            select st_asmvtgeom(st_transform(st_setsrid(st_makepoint(c.lon, c.lat), 4326), 3857), b.g, 4096, 64, true) as geom, c.count, c.scale
            from cells c, bounds b)
          select st_asmvt(mvt.*, 'origin', 4096, 'geom') from mvt where geom is not null
          """
        : $"""
          with bounds as (select st_tileenvelope(@z, @x, @y) as g),
          mvt as (
            select st_asmvtgeom(st_transform(r.location::geometry, 3857), b.g, 4096, 64, true) as geom,
                   r.id, {entityName} as entity, e.type as entity_type, r.product_code as product, r.scale, r.unit, r.region_code
            from origin_record r join origin_entity e on e.id = r.entity_id, bounds b
            where r.location is not null and r.location && st_transform(b.g, 4326)::geography and {where})
          select st_asmvt(mvt.*, 'origin', 4096, 'geom') from mvt where geom is not null
          """;

    /// <summary>A filter's product condition: @products as codes or as the 产品名称 staff write.</summary>
    public const string ProductCodeOrNameSql =
        "(r.product_code = any(@products) or r.product_code in (select code from origin_product where name = any(@products)))";

    // ---- statistics and the scope report ----

    public static string StatsSql(string key, bool joinEntity, string where) => $"""
        select {key} as k, count(*), count(r.location), count(distinct r.entity_id),
               coalesce(sum(r.scale) filter (where r.unit = 'Mu'), 0),
               coalesce(sum(r.scale) filter (where r.unit = 'Head'), 0),
               coalesce(sum(r.scale) filter (where r.unit = 'Bird'), 0)
        from origin_record r {(joinEntity ? "join origin_entity e on e.id = r.entity_id" : "")}
        where {where}
        group by rollup ({key})
        order by k nulls last
        """;

    public const string ProductNamesSql = "select code, name from origin_product";

    public const string ProductsInOrderSql = "select code, name from origin_product order by sort_order, code";

    public static string ScopeCountsSql(string inScope, string current, string regionWhere) => $"""
        select r.township_code, r.product_code,
               count(*), count(*) filter (where {inScope}),
               count(*) filter (where {inScope} and {current}),
               count(distinct r.entity_id),
               coalesce(sum(r.scale) filter (where {inScope} and {current} and r.unit = 'Mu'), 0)
        from origin_record r join origin_entity e on e.id = r.entity_id join origin_product p on p.code = r.product_code
        where {regionWhere}
        group by r.township_code, r.product_code
        """;

    /// <summary>种植面积 declared per township and product for @year under @prefix.</summary>
    public const string DeclaredAreasSql =
        "select township_code, product_code, area_mu from origin_planting_area where year = @year and left(township_code, length(@prefix)) = @prefix";

    /// <summary>Registry farms in a product's scope with no current record, and 产地收购商 with none, under @prefix.</summary>
    public static string UnrecordedSql(string current) => $"""
        select 'registry-farm', f.township_code, coalesce(f.name, f.code), f.code, p.code from farm f
        join farm_stock s on s.farm_code = f.code join origin_product p on p.species = s.species and s.count >= p.scope_threshold
        where f.status = 'Active' and left(f.township_code, length(@prefix)) = @prefix
          and not exists (select 1 from origin_record r join origin_entity e on e.id = r.entity_id
                          where r.product_code = p.code and (r.farm_code = f.code or (e.county_code = f.county_code and e.name = f.name))
                            and {current})
        union all
        select 'purchaser', min(r.township_code), e.name, null, null
        from origin_entity e join origin_record r on r.entity_id = e.id join origin_product p on p.code = r.product_code
        where e.purchaser and left(r.township_code, length(@prefix)) = @prefix
        group by e.id, e.name
        having not bool_or({current})
        order by 2, 3
        limit 10000
        """;

    public const string UpsertPlantingAreasSql = """
        insert into origin_planting_area (township_code, product_code, year, area_mu, imported_by, imported_at)
        select t, p, @year, a, @by, @at from unnest(@t, @p, @a) as u(t, p, a)
        on conflict (township_code, product_code, year) do update set area_mu = excluded.area_mu,
            imported_by = excluded.imported_by, imported_at = excluded.imported_at
        """;

    // ---- overdue ----

    public static string OverdueRecordsSql(string current, string latestUpload, string regionWhere, string inScope) => $"""
        select r.id, r.township_code, coalesce(r.collector, ''), e.name, r.product_code, p.cadence, r.collected_at, r.market_end,
               {current} as current,
               {latestUpload} as upload
        from origin_record r join origin_entity e on e.id = r.entity_id join origin_product p on p.code = r.product_code
        where {regionWhere} and {inScope}
        order by r.township_code, r.collector, r.id
        """;

    public static string UncollectedTownshipsSql(int townshipLevel, string inScope) => $"""
        with counties as (select unnest(@counties::text[]) as code union select county_code from origin_entity)
        select t.code from region t
        where t.level = {townshipLevel} and t.valid_to is null and left(t.code, 6) in (select code from counties)
          and left(t.code, length(@prefix)) = @prefix
          and not exists (select 1 from origin_record r join origin_entity e on e.id = r.entity_id join origin_product p on p.code = r.product_code
                          where r.township_code = t.code and r.collected_at <= @as_of and {inScope})
        order by t.code
        """;

    public static string UncollectedFarmsSql(string current) => $"""
        with counties as (select unnest(@counties::text[]) as code union select county_code from origin_entity)
        select f.township_code, coalesce(f.name, f.code), p.code from farm f
        join farm_stock s on s.farm_code = f.code join origin_product p on p.species = s.species and s.count >= p.scope_threshold
        where f.status = 'Active' and f.county_code in (select code from counties) and left(f.township_code, length(@prefix)) = @prefix
          and not exists (select 1 from origin_record r join origin_entity e on e.id = r.entity_id
                          where r.product_code = p.code and (r.farm_code = f.code or (e.county_code = f.county_code and e.name = f.name))
                            and {current})
        order by f.township_code, f.code, p.code
        """;

    public const string InsertOverdueSql = """
        insert into origin_overdue (run_at, as_of, record_id, township_code, collector, entity, product, kind, due)
        select @at, @date, r, t, c, e, p, k, d from unnest(@r, @t, @c, @e, @p, @k, @d) as u(r, t, c, e, p, k, d)
        """;

    /// <summary>The scorecard's rows of the overdue job's last run (采集逾期, 月度更新逾期, 上传逾期), as (figure, county, partner, reason, ref).</summary>
    public const string LastOverdueQualitySql = """
        select 'overdueCollection', left(o.township_code, 6), 'origin-collection', o.kind, o.record_id::text
          from origin_overdue o where o.run_at = (select max(run_at) from origin_overdue)
        """;

    // ---- 线上巡查 online checks ----

    /// <summary>Gone on this run: the open corrections of the @checked records that no hit (@r, @rule) names any more are fixed.</summary>
    public const string FixCorrectionsSql = """
        update origin_correction c set state = 'Fixed', fixed_at = @now
        where c.state = 'Open' and c.record_id = any(@checked)
          and not exists (select 1 from unnest(@r, @rule) as h(r, rule) where h.r = c.record_id and h.rule = c.rule)
        """;

    /// <summary>Every hit without a live correction becomes one.</summary>
    public const string OpenCorrectionsSql = """
        insert into origin_correction (record_id, township_code, rule, detail, state, found_at, deadline)
        select r, t, rule, d, 'Open', @now, @deadline from unnest(@r, @t, @rule, @d) as h(r, t, rule, d)
        on conflict (record_id, rule) where state in ('Open', 'Explained') do update set detail = excluded.detail
        """;

    /// <summary>
    /// The facts of the checks for the records @ids (all when <paramref name="all"/>). Township centres and shared phones
    /// once per statement, not once per record: a write of 5,000 records in one township would otherwise measure every
    /// record against every other. The centre is the geometric median, which one far point cannot drag away from the
    /// others (a centroid can, and then flags the near ones).
    /// </summary>
    public static string CheckFactsSql(bool all) => $"""
        with checked as (select r.* from origin_record r where {(all ? "true" : "r.id = any(@ids)")}),
        centre as (
            select o.township_code, st_geometricmedian(st_collect(o.location::geometry))::geography as c, count(*) as n
            from origin_record o where o.location is not null and o.township_code in (select township_code from checked)
            group by o.township_code),
        shared as (
            select county_code, phone, string_agg(name, '、' order by name) as names from origin_entity
            where phone is not null group by county_code, phone having count(*) > 1)
        select r.id, r.township_code, e.name, e.phone, r.collector_phone, r.grid_supervisor_phone, p.cadence = 'PerCycle',
               r.collected_at, r.market_start, r.market_end, r.scale,
               (select s.count from farm_stock s where s.farm_code = r.farm_code and s.species = p.species),
               case when r.location is not null and c.n >= 4 then st_distance(r.location, c.c) end,
               sh.names,
               case when r.location is null then null else
                 (select string_agg(distinct e3.name, '、') from origin_record o3 join origin_entity e3 on e3.id = o3.entity_id
                  where o3.township_code = r.township_code and e3.id <> e.id and st_dwithin(o3.location, r.location, 1)) end
        from checked r join origin_entity e on e.id = r.entity_id join origin_product p on p.code = r.product_code
        left join centre c on c.township_code = r.township_code
        left join shared sh on sh.county_code = e.county_code and sh.phone = e.phone
        """;

    /// <summary>
    /// Origin collection's part: 线上巡查 online-check hits found in the range (one per correction, by rule), and origin
    /// records collected after their year's 报送 deadline (Origin:Deadlines, the product's line before the "*" line),
    /// passed in as the arrays @dl_year, @dl_product, @dl_collect_by.
    /// </summary>
    public const string QualityItems = """
          select 'onlineCheckHits', left(oc.township_code, 6), 'origin-collection', oc.rule, oc.id::text
          from origin_correction oc where oc.found_at >= @from and oc.found_at < @to
          union all
          select 'lateReports', r.county_code, 'origin-collection', 'originRecord', r.id::text
          from origin_record r
          cross join lateral (
            select d.collect_by from unnest(@dl_year, @dl_product, @dl_collect_by) as d(year, product, collect_by)
            where d.year = extract(year from (r.collected_at at time zone 'UTC') + interval '8 hours')::int
              and d.product in (r.product_code, '*')
            order by d.product = '*' limit 1) d
          where r.collected_at >= @from and r.collected_at < @to
            and ((r.collected_at at time zone 'UTC') + interval '8 hours')::date > d.collect_by
        """;
}
