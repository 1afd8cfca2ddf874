using EarTagTrace.Hub.Persistence.Tables;

namespace EarTagTrace.Hub.Features.Quality;

/// <summary>
/// 数据质量 the scorecard's items, one row per thing counted: (figure, county, partner, reason, ref). The summary counts
/// them and the item list reads them back, from the same statement, so a figure and the list behind it agree.
/// A journal entry's county is that of the first registered farm it names, else that of the first tag it names.
/// </summary>
public static class QualitySql
{
    /// <summary>
    /// Origin collection's part: 线上巡查 online-check hits found in the range (one per correction, by rule), and origin
    /// records collected after their year's 报送 deadline (Origin:Deadlines, the product's line before the "*" line),
    /// passed in as the arrays @dl_year, @dl_product, @dl_collect_by.
    /// </summary>
    public const string OriginItems = """
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

    public const string Items = $"""
        with items(figure, county, partner, reason, ref) as (
          ({JournalTable.QualityItems})
          union all
          ({OutboxTable.QualityRejectedDeliveries})
          union all
          ({OriginItems})
        )
        select figure, county, partner, reason, ref from items
        where (@prefix = '' or county like @prefix || '%')
        """;
}
