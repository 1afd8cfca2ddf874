using Npgsql;

namespace EarTagTrace.Bench.Trace;

/// <summary>A place as a trace answers it: <c>farm:&lt;code&gt;</c> or <c>dest:&lt;region&gt;|&lt;address&gt;</c>, its hop and its animals.</summary>
public sealed record WalkPlace(string Id, int Hop, long Animals)
{
    public override string ToString() => $"{Id} hop {Hop}, {Animals} animals";
}

/// <summary>
/// The baselines of TraceBench: the outbreak trace's walk as plain SQL sent straight to PostgreSQL, no hub in between
/// (no JSON, no storing, no audit, no authentication).
/// </summary>
public static class BareWalk
{
    /// <summary>The province the bench's vet account covers: the full walk applies the same region scope as the hub.</summary>
    public const string VetScope = "22";

    /// <summary>
    /// The full walk, one recursive statement: the same places, hops and co-residents as POST /api/traces from a tag
    /// (README "How a trace is drawn"), from the same tables through the same indexes. Evidence is issuances to farms,
    /// holdings, declarations and certificates out of a farm, and certificates into the farm their 到达地养殖场编码
    /// names. Hop 0: the tag's stays in the window, a stay running from the first evidence at a farm until a
    /// certificate out of it or evidence elsewhere. Each step takes one hop's places (the recursive row holds them as
    /// arrays, so aggregates and window functions can run in a lateral subquery, which a recursive term cannot do
    /// itself): their co-residents, their certificates out with their share of them, and the first farm each
    /// co-resident not certified out turned up at afterwards; new places in the scope become the next hop. Ties in time
    /// are broken as the hub breaks them: a certificate out first, then by kind, then by farm code.
    /// Parameters: @t tag, @from and @to the window, @depth, @scope the region prefix.
    /// </summary>
    public const string FullSql = """
        with recursive
        start_tag(m) as (select int8multirange(int8range(@t, @t + 1))),
        -- kinds as the hub numbers them: 0 issued, 1 held, 2 certified in, 3 declared, 4 certified out
        start_ev(k, farm, at) as (
          select 0, i.receiver_code, i.issued_at
          from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id, start_tag s
          where x.tag_range && s.m and i.receiver_type = 'Farm' and i.issued_at <= @to
          union all
          select 1, h.holder_code, h.since from tag_holding h, start_tag s
          where h.tag_range && s.m and h.holder_type = 'Farm' and h.since <= @to
          union all
          select 3, d.farm_code, d.declared_at from tag_event e join declaration d on d.id = e.ref_id, start_tag s
          where e.kind = 'Declared' and e.tags && s.m and d.declared_at <= @to
          union all
          select v.k, v.farm, c.issued_at from tag_event e join certificate c on c.number = e.ref_id, start_tag s,
            lateral (values (4, c.farm_code), (2, c.destination_farm_code)) v(k, farm)
          where e.kind = 'Used' and e.tags && s.m and c.issued_at <= @to and v.farm is not null
        ),
        sighting as (
          select k, farm, at, lag(k) over o as prev_k, lag(farm) over o as prev_farm, lead(at) over o as next_at,
                 row_number() over o as n
          from start_ev window o as (order by at, k <> 4, k, farm collate "C")
        ),
        grouped as (
          select *, sum(case when prev_k is null or prev_k = 4 or prev_farm <> farm then 1 else 0 end) over (order by n) as g
          from sighting
        ),
        stay as (
          select distinct on (g) farm, min(at) over (partition by g) as since,
                 case when k = 4 then at else coalesce(next_at, @to) end as untl
          from grouped order by g, n desc
        ),
        back as (
          select s.farm, min(greatest(s.since, @from)) as since, max(s.untl) as untl,
                 bool_or(f.code is null or starts_with(f.region_code, @scope)) as in_scope
          from stay s left join farm f on f.code = s.farm
          where s.untl >= @from
          group by s.farm
        ),
        walk(h, keys, farms, since, untl, inc, done_key, done_hop, done_animals) as (
          select 0, array(select 'farm:' || farm from back),
                 array(select farm from back where in_scope order by farm),
                 array(select since from back where in_scope order by farm),
                 array(select untl from back where in_scope order by farm),
                 array(select m from back, start_tag where in_scope order by farm),
                 '{}'::text[], '{}'::int[], '{}'::int8multirange[]
          union all
          select w.h + 1, w.keys || x.new_keys, x.farms, x.since, x.untl, x.inc, x.done_key, x.done_hop, x.done_animals
          from walk w cross join lateral (
            with f as (select * from unnest(w.farms, w.since, w.untl, w.inc) as f(farm, since, untl, inc)),
            at_ev(k, farm, at, tags, dest_farm, dest_code, dest_addr) as (
              select 0, i.receiver_code, i.issued_at, int8multirange(x.tag_range), null::text, null::text, null::text
              from tag_issuance i join tag_issuance_range x on x.issuance_id = i.id
              where i.receiver_code = any(w.farms) and i.receiver_type = 'Farm' and i.issued_at <= @to
              union all
              select 1, h.holder_code, h.since, int8multirange(h.tag_range), null, null, null
              from tag_holding h where h.holder_code = any(w.farms) and h.holder_type = 'Farm' and h.since <= @to
              union all
              select 3, d.farm_code, d.declared_at, e.tags, null, null, null
              from declaration d join tag_event e on e.ref_id = d.id and e.kind = 'Declared'
              where d.farm_code = any(w.farms) and d.declared_at <= @to
              union all
              select 4, c.farm_code, c.issued_at, e.tags, c.destination_farm_code, c.destination_code, c.destination_address
              from certificate c join tag_event e on e.ref_id = c.number and e.kind = 'Used'
              where c.farm_code = any(w.farms) and c.issued_at <= @to
              union all
              select 2, c.destination_farm_code, c.issued_at, e.tags, null, null, null
              from certificate c join tag_event e on e.ref_id = c.number and e.kind = 'Used'
              where c.destination_farm_code = any(w.farms) and c.issued_at <= @to
            ),
            -- a place reached by a move stays until its first certificate out of those animals (hop 0: the stay's end)
            stayed as (
              select f.farm, f.since, f.inc,
                     case when w.h = 0 then f.untl else coalesce((select min(a.at) from at_ev a
                       where a.farm = f.farm and a.k = 4 and a.at >= f.since and a.tags && f.inc), @to) end as untl
              from f
            ),
            -- 同群: every tag seen there by the end of the stay, less those certified out before it began
            here as (
              select s.farm, s.since,
                     coalesce((select range_agg(a.tags) from at_ev a
                               where a.farm = s.farm and a.at <= s.untl and not (a.k = 4 and a.at < s.since)), '{}')
                     - coalesce((select range_agg(a.tags) from at_ev a where a.farm = s.farm and a.k = 4 and a.at < s.since), '{}')
                     + s.inc as animals
              from stayed s
            ),
            certified(src, at, tags, key, farm, dest_code) as (
              select p.farm, a.at, a.tags * p.animals,
                     case when a.dest_farm is not null then 'farm:' || a.dest_farm
                          else 'dest:' || coalesce(a.dest_code, '') || '|' || coalesce(a.dest_addr, '') end,
                     a.dest_farm, a.dest_code
              from here p join at_ev a on a.farm = p.farm and a.k = 4 and a.at >= p.since and a.at <= @to
              where w.h < @depth and not isempty(a.tags * p.animals)
            ),
            seen(m) as (select range_agg(animals) from here where w.h < @depth),
            by_ev(k, farm, at, tags, origin) as (
              select 0, i.receiver_code, i.issued_at, int8multirange(x.tag_range) * s.m, null::text
              from seen s, tag_issuance_range x join tag_issuance i on i.id = x.issuance_id
              where x.tag_range && s.m and i.receiver_type = 'Farm' and i.issued_at <= @to
              union all
              select 1, h.holder_code, h.since, int8multirange(h.tag_range) * s.m, null
              from seen s, tag_holding h where h.tag_range && s.m and h.holder_type = 'Farm' and h.since <= @to
              union all
              select 3, d.farm_code, d.declared_at, e.tags * s.m, null
              from seen s, tag_event e join declaration d on d.id = e.ref_id
              where e.kind = 'Declared' and e.tags && s.m and d.declared_at <= @to
              union all
              select v.k, v.farm, c.issued_at, e.tags * s.m, v.origin
              from seen s, tag_event e join certificate c on c.number = e.ref_id,
                lateral (values (4, c.farm_code, null), (2, c.destination_farm_code, c.farm_code)) v(k, farm, origin)
              where e.kind = 'Used' and e.tags && s.m and c.issued_at <= @to and v.farm is not null
            ),
            -- each co-resident not certified out goes to the first farm it turned up at: what earlier rows took is gone
            elsewhere as (
              select p.farm as src, b.farm, b.at, b.tags * p.animals as tags,
                     p.animals - coalesce((select range_agg(c.tags) from certified c where c.src = p.farm), '{}') as remaining,
                     range_agg(b.tags * p.animals) over (partition by p.farm order by b.at, b.k, b.farm collate "C"
                                                         rows between unbounded preceding and 1 preceding) as before
              from here p join by_ev b on b.tags && p.animals and b.farm <> p.farm and b.at > p.since and b.at <= @to
                                          and not (b.k = 2 and b.origin = p.farm)
            ),
            turned_up(src, at, tags, key, farm, dest_code) as (
              select src, min(at), range_agg(taken), 'farm:' || farm, farm, null::text
              from (select src, farm, at, (tags * remaining) - coalesce(before, '{}') as taken from elsewhere) t
              where not isempty(taken) group by src, farm
            ),
            moved as (select * from certified union all select * from turned_up),
            reached as (
              select m.key, min(m.farm) as farm, min(m.at) as since, range_agg(m.tags) as inc, bool_and(m.key <> all(w.keys)) as new,
                     case when min(m.farm) is null then coalesce(starts_with(min(m.dest_code), @scope), false)
                          else bool_or(f.code is null or starts_with(f.region_code, @scope)) end as in_scope
              from moved m left join farm f on f.code = m.farm
              group by m.key
            )
            select array(select key from reached where new) as new_keys,
                   array(select farm from reached where new and in_scope and farm is not null order by key) as farms,
                   array(select since from reached where new and in_scope and farm is not null order by key) as since,
                   array(select null::timestamptz from reached where new and in_scope and farm is not null) as untl,
                   array(select inc from reached where new and in_scope and farm is not null order by key) as inc,
                   -- this hop's farms are done; a destination is never expanded, and takes the animals of every move into it
                   array(select 'farm:' || farm from here union all select key from reached where in_scope and farm is null) as done_key,
                   array(select w.h from here union all select w.h + 1 from reached where in_scope and farm is null) as done_hop,
                   array(select animals from here union all select inc from reached where in_scope and farm is null) as done_animals
          ) x
          where w.h <= @depth and cardinality(w.farms) > 0
        ),
        place(key, hop, animals) as (
          select d.key, min(d.hop), range_agg(d.animals)
          from walk w, unnest(w.done_key, w.done_hop, w.done_animals) as d(key, hop, animals)
          group by d.key
        )
        select p.key, p.hop, coalesce((select sum(upper(r) - lower(r)) from unnest(p.animals) r), 0)::int8 as animals,
               f.name, f.contact_name, f.phone, f.address
        from place p left join farm f on f.code = case when starts_with(p.key, 'farm:') then substr(p.key, 6) end
        order by p.hop, p.key
        """;

    /// <summary>
    /// The partial walk TraceBench compared with before: the tag's farms (issued there, or certified into one in the
    /// window), then certificates out of each farm in the window into registered farms, up to the depth; for every farm
    /// its issued tags and certificates. No holdings or declarations as evidence, no stays, no co-residents' turn-ups:
    /// less work than the answer needs, kept to show the ratio it gave (--baseline partial).
    /// </summary>
    public const string PartialSql = """
        with recursive start_farm(farm) as (
          select i.receiver_code from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id
          where x.tag_range @> @t and i.receiver_type = 'Farm'
          union
          select c.destination_farm_code from tag_event e join certificate c on c.number = e.ref_id
          where e.kind = 'Used' and e.tags @> @t and c.destination_farm_code is not null and c.issued_at >= @from
        ),
        walk(farm, hop) as (
          select farm, 0 from start_farm
          union
          select c.destination_farm_code, w.hop + 1 from walk w join certificate c on c.farm_code = w.farm
          where w.hop < @depth and c.issued_at >= @from and c.destination_farm_code is not null
        ),
        place as (select farm, min(hop) as hop from walk group by farm)
        select p.farm, p.hop, f.name, f.contact_name, f.phone, f.address,
               (select range_agg(x.tag_range) from tag_issuance i join tag_issuance_range x on x.issuance_id = i.id
                where i.receiver_code = p.farm and i.receiver_type = 'Farm') as tags,
               (select array_agg(c.number) from certificate c where c.farm_code = p.farm and c.issued_at >= @from) as certificates
        from place p left join farm f on f.code = p.farm
        """;

    /// <summary>The full walk's places for a tag over [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public static async Task<List<WalkPlace>> FullAsync(NpgsqlDataSource data, long tag, DateTimeOffset from, DateTimeOffset to, int depth,
        CancellationToken ct)
    {
        await using var cmd = data.CreateCommand(FullSql);
        cmd.Parameters.Add(new NpgsqlParameter<long>("t", tag));
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", from));
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", to));
        cmd.Parameters.Add(new NpgsqlParameter<int>("depth", depth));
        cmd.Parameters.Add(new NpgsqlParameter<string>("scope", VetScope));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var places = new List<WalkPlace>();
        while (await reader.ReadAsync(ct))
        {
            places.Add(new WalkPlace(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
            for (var i = 3; i < reader.FieldCount; i++) _ = reader.GetValue(i);
        }
        return places;
    }

    /// <summary>The partial walk, its rows read and dropped (the timed phase only).</summary>
    public static async Task PartialAsync(NpgsqlDataSource data, long tag, DateTimeOffset from, int depth, CancellationToken ct)
    {
        await using var cmd = data.CreateCommand(PartialSql);
        cmd.Parameters.AddWithValue("t", tag);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("depth", depth);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
    }

    /// <summary>
    /// The session settings the hub's own data source uses (no JIT, no parallel workers): the baselines run as the hub's
    /// statements run. Without them, on the 1 M-farm world the full walk's generic plan costs past <c>jit_above_cost</c>
    /// and PostgreSQL compiled it with LLVM on every call, 3.9 s of JIT for a walk that runs in about 1.5 ms (JIT code is
    /// not kept between calls).
    /// </summary>
    public const string SessionOptions = "-c jit=off -c max_parallel_workers_per_gather=0";

    /// <summary>
    /// A data source for the full walk whose statements are prepared and planned once per connection, as the hub's hop
    /// statement is: planning this statement afresh took 30-50 ms a call, far more than running it. The session settings
    /// are the hub's (<see cref="SessionOptions"/>).
    /// </summary>
    public static NpgsqlDataSource Prepared(string connectionString) => new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString)
    {
        MaxAutoPrepare = 8,
        AutoPrepareMinUsages = 1,
        Options = "-c plan_cache_mode=force_generic_plan " + SessionOptions,
    }.ConnectionString).Build();

    /// <summary>A data source for the partial walk: planned each call, as before, with the hub's session settings.</summary>
    public static NpgsqlDataSource Unprepared(string connectionString) => new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString)
    {
        Options = SessionOptions,
    }.ConnectionString).Build();

    public static string Describe(IEnumerable<WalkPlace> places) => string.Join("; ", places);
}
