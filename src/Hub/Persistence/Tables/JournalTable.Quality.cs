namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// The journal's part of the 数据质量 scorecard: one row (figure, county, partner, reason, ref) per thing counted, from
/// the entries received in [@from, @to) and what they wrote. A journal entry's county is that of the first registered
/// farm it names, else that of the first tag it names.
/// </summary>
public static partial class JournalTable
{
    public const string QualityItems = $"""
        with j as (
          select j.id, j.source, j.type, j.status, j.reasons, j.summary, j.received_at,
                 coalesce((select f.county_code from farm f where f.code = any(j.keys) limit 1),
                          (select substr(lower(r)::text, 2, 6) from unnest(j.tag_ranges) r limit 1)) as county
          from journal j
          where j.received_at >= @from and j.received_at < @to and j.replay_of is null and not j.unauthenticated
        )
          select 'messages', county, source, null::text, id::text from j
          union all
          select 'refused', county, source, null, id::text from j where status = 'Refused'
          union all
          select 'refusedByReason', county, source, r->>'code', id::text
          from j, jsonb_array_elements(case when jsonb_typeof(j.reasons) = 'array' then j.reasons else '[]'::jsonb end) r
          where status = 'Refused'
          union all
          select 'duplicatesResent', county, source, null, id::text from j where summary->>'duplicate' = 'true'
          union all
          -- Certificates uploaded later than the day they were issued (China time).
          select 'lateReports', c.county_code, jj.source, 'certificate', c.number
          from certificate c join journal jj on jj.id = c.journal_id
          where jj.received_at >= @from and jj.received_at < @to
            and ((jj.received_at at time zone 'UTC') + interval '8 hours')::date > ((c.issued_at at time zone 'UTC') + interval '8 hours')::date
          union all
          -- Stock changes reported later than the day they happened.
          select 'lateReports', f.county_code, jj.source, 'stockChange', s.partner_id
          from stock_change s join journal jj on jj.id = s.journal_id join farm f on f.code = s.farm_code
          where s.partner_id is not null and s.kind not in ('Baseline', 'Certificate')
            and jj.received_at >= @from and jj.received_at < @to
            and ((jj.received_at at time zone 'UTC') + interval '8 hours')::date > ((s.at at time zone 'UTC') + interval '8 hours')::date
          union all
          -- The last check of each type, county and day, where it still differs from the national platform.
          select 'reconciliationMismatches', rc.county_code, 'national-cloud', rc.type, rc.id::text
          from (select distinct on (type, county_code, day) * from reconciliation_check
                where day >= @from_day and day < @to_day order by type, county_code, day, checked_at desc, id desc) rc
          where rc.state in ('Mismatched', 'StillMismatched')
          union all
          select 'incompleteFarms', county_code, 'farm-registry', null, code from farm where not is_complete
          union all
          -- The overdue job's last run (采集逾期, 月度更新逾期, 上传逾期).
          {OriginTables.LastOverdueQualitySql}
        """;
}
