using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>The tag ledger's reads for the outbreak trace, its drills and the rollout report (use since the switch).</summary>
public static partial class TagLedgerTables
{
    private const string TraceNulls = "null::text, null::text, null::text, null::text";

    /// <summary>Evidence of the tags in @m, anywhere, up to @until.</summary>
    public const string TraceByTags = $"""
        select 'Issued', i.receiver_code, i.issued_at, i.id, int8multirange(x.tag_range) * @m, {TraceNulls}
        from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id
        where x.tag_range && @m and i.receiver_type = 'Farm' and i.issued_at <= @until
        union all
        select 'Held', h.holder_code, h.since, null, int8multirange(h.tag_range) * @m, {TraceNulls}
        from tag_holding h
        where h.tag_range && @m and h.holder_type = 'Farm' and h.since <= @until
        union all
        select 'Declared', d.farm_code, d.declared_at, d.id, e.tags * @m, {TraceNulls}
        from tag_event e join declaration d on d.id = e.ref_id
        where e.kind = 'Declared' and e.tags && @m and d.declared_at <= @until
        union all
        select 'CertifiedOut', c.farm_code, c.issued_at, c.number, e.tags * @m, c.destination_code, c.destination_address,
               c.destination_farm_code, null::text
        from tag_event e join certificate c on c.number = e.ref_id
        where e.kind = 'Used' and e.tags && @m and c.issued_at <= @until
        """;

    /// <summary>Evidence of every tag seen at the farms in @farms, up to @until.</summary>
    public const string TraceAtFarms = $"""
        select 'Issued', i.receiver_code, i.issued_at, i.id, int8multirange(x.tag_range), {TraceNulls}
        from tag_issuance i join tag_issuance_range x on x.issuance_id = i.id
        where i.receiver_code = any(@farms) and i.receiver_type = 'Farm' and i.issued_at <= @until
        union all
        select 'Held', h.holder_code, h.since, null, int8multirange(h.tag_range), {TraceNulls}
        from tag_holding h
        where h.holder_code = any(@farms) and h.holder_type = 'Farm' and h.since <= @until
        union all
        select 'Declared', d.farm_code, d.declared_at, d.id, e.tags, {TraceNulls}
        from declaration d join tag_event e on e.ref_id = d.id and e.kind = 'Declared'
        where d.farm_code = any(@farms) and d.declared_at <= @until
        union all
        select 'CertifiedOut', c.farm_code, c.issued_at, c.number, e.tags, c.destination_code, c.destination_address,
               c.destination_farm_code, null::text
        from certificate c join tag_event e on e.ref_id = c.number and e.kind = 'Used'
        where c.farm_code = any(@farms) and c.issued_at <= @until
        union all
        select 'CertifiedIn', c.destination_farm_code, c.issued_at, c.number, e.tags, c.destination_code, c.destination_address,
               c.destination_farm_code, c.farm_code
        from certificate c join tag_event e on e.ref_id = c.number and e.kind = 'Used'
        where c.destination_farm_code = any(@farms) and c.issued_at <= @until
        """;

    /// <summary>
    /// One hop of a trace in one statement. When @start, first the evidence anywhere of the start's tags in @m (src
    /// 'start', as <see cref="TraceByTags"/>); the hop's farms are then @farms and every farm that evidence names, so the
    /// start's look-up and its first hop share one round trip (a farm named but outside the window is read for nothing,
    /// which costs less than a round trip). For those farms: their registry details (src 'farm', in the trailing
    /// columns), every piece of evidence at them (src 'at', as <see cref="TraceAtFarms"/>), and, when @follow, the
    /// evidence anywhere of every tag seen there or in @m (src 'by', as <see cref="TraceByTags"/> clipped to those tags).
    /// The tags are a superset of the farms' co-residents, so the caller's intersections give the same moves as a look-up
    /// by the co-residents themselves, one round trip later.
    /// </summary>
    public static readonly string TraceHop = $"""
        with start_rows(kind, farm, at, ref, tags, destination_code, destination_address, destination_farm, origin_farm) as materialized (
        select * from ({TraceByTags}) s where @start
        ),
        hop_farm(codes) as materialized (
          select array(select unnest(@farms::text[]) union select farm from start_rows
                       union select destination_farm from start_rows where destination_farm is not null)
        ),
        at_farm(kind, farm, at, ref, tags, destination_code, destination_address, destination_farm, origin_farm) as materialized (
        {TraceAtFarms.Replace("@farms", "(select codes from hop_farm)::text[]", StringComparison.Ordinal)}
        ),
        seen(m) as (
          select range_agg(r) from (select unnest(tags) as r from at_farm union all select unnest(@m)) u
        )
        select 'start', s.*, {TraceFarmNulls} from start_rows s
        union all
        select 'at', a.*, {TraceFarmNulls} from at_farm a
        union all
        select 'by', b.*, {TraceFarmNulls} from (
        {TraceByTags.Replace("@m", "(select m from seen)", StringComparison.Ordinal)}
        ) b where @follow
        union all
        select 'farm', null::text, null::text, null::timestamptz, null::text, null::int8multirange, {TraceNulls},
               f.code, f.name, f.contact_name, f.phone, f.region_code, f.county_code, f.address, f.longitude, f.latitude
        from farm f where f.code = any((select codes from hop_farm)::text[])
        """;

    /// <summary>The registry columns of <see cref="TraceHop"/>'s 'farm' rows, empty on its evidence rows.</summary>
    private const string TraceFarmNulls =
        "null::text, null::text, null::text, null::text, null::text, null::text, null::text, null::numeric, null::numeric";

    /// <summary>A certificate as a trace's start: its farm, county and animals.</summary>
    public const string TraceCertificateStart = """
        select c.farm_code, c.county_code, e.tags
        from certificate c join tag_event e on e.ref_id = c.number and e.kind = 'Used'
        where c.number = @number
        """;

    /// <summary>Tags of the county's farms: the first of each range issued to them and of each of their certificates.</summary>
    public const string TraceDrillSample = """
        select t from (
          select lower(x.tag_range) as t
          from farm f join tag_issuance i on i.receiver_code = f.code and i.receiver_type = 'Farm'
          join tag_issuance_range x on x.issuance_id = i.id
          where f.county_code = @county
          union
          select lower(r) from certificate c join tag_event e on e.ref_id = c.number and e.kind = 'Used', unnest(e.tags) r
          where c.county_code = @county
        ) s order by random() limit @n
        """;

    /// <summary>
    /// The gaps of certificates: its tags under no Declared event of its declaration; a destination farm code the
    /// registry never sent; its county and day (China time) last reconciled as mismatched or still mismatched.
    /// </summary>
    public const string TraceDrillGaps = """
        select c.number,
               not exists (select 1 from tag_event d where d.kind = 'Declared' and d.ref_id = c.declaration_id and d.tags @> u.tags),
               c.destination_farm_code is not null and not exists (select 1 from farm f where f.code = c.destination_farm_code),
               coalesce((select rc.state in ('Mismatched', 'StillMismatched') from reconciliation_check rc
                         where rc.type = 'certificates' and rc.county_code = c.county_code
                           and rc.day = ((c.issued_at at time zone 'UTC') + interval '8 hours')::date
                         order by rc.checked_at desc, rc.id desc limit 1), false)
        from certificate c join tag_event u on u.ref_id = c.number and u.kind = 'Used'
        where c.number = any(@numbers)
        """;

    /// <summary>
    /// Per switched-on county: the first linked issuance (by the county or one of its townships) and the first
    /// certificate since the switch, and the declarations and certificates since, up to <paramref name="until"/>.
    /// </summary>
    public static FormattableString RolloutUse(DateTimeOffset until) => $"""
        SELECT r.county_code AS "CountyCode", r.since AS "Since",
               (SELECT min(i.issued_at) FROM tag_issuance i
                 WHERE left(i.issuer_code, 6) = r.county_code
                   AND i.issued_at >= (r.since::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
                   AND i.issued_at < {until}) AS "FirstIssuance",
               (SELECT min(c.issued_at) FROM certificate c
                 WHERE c.county_code = r.county_code
                   AND c.issued_at >= (r.since::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
                   AND c.issued_at < {until}) AS "FirstCertificate",
               (SELECT count(*)::int FROM declaration d
                 WHERE d.county_code = r.county_code
                   AND d.declared_at >= (r.since::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
                   AND d.declared_at < {until}) AS "Declarations",
               (SELECT count(*)::int FROM certificate c
                 WHERE c.county_code = r.county_code
                   AND c.issued_at >= (r.since::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
                   AND c.issued_at < {until}) AS "Certificates"
        FROM county_rollout r
        WHERE r.enabled
        """;

    /// <summary>Per county, when tag stock was first registered, up to <paramref name="until"/>.</summary>
    public static FormattableString FirstRegistrations(DateTimeOffset until) => $"""
        SELECT t.county_code AS "CountyCode", min(t.registered_at) AS "FirstAt"
        FROM tag_registration t
        WHERE t.registered_at < {until}
        GROUP BY t.county_code
        """;
}
