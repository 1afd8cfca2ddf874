-- 一次发放 county → own township: the hub's statements for one first issuance of half of a county-held range
-- (LedgerSession.cs, Features/Tags/ApplyDjetTagIssuance.cs: TagLedgerTables.IssuanceFirstAppliedSql,
-- FarmTables.TownshipOf, OverlappingHoldingsForUpdate, DeleteHoldings, InsertHoldings, InsertIssuance, OutboxTable.Insert,
-- JournalTable.Insert).
-- Two round trips like the hub's (pipelines), the reserved journal id as currval: see declaration.sql.
select * from bench_limit_iss where n = (select nextval('bench_limit_iss_seq')) \gset
\startpipeline
begin;
set local plan_cache_mode = force_generic_plan;
select nextval('journal_id_seq');
select content_hash, journal_id from tag_issuance where id = :id;
select township_code from farm where code = :township;
select h.id, lower(h.tag_range), upper(h.tag_range) - 1, h.holder_type, h.holder_code, h.county_code, h.species, h.box, h.pack, h.registration_id
  from tag_holding h where h.tag_range && int8multirange(int8range(:lo, :mid)) for update;
\endpipeline
\startpipeline
delete from tag_holding where id = any(array[:hid]::bigint[]);
insert into tag_holding (tag_range, holder_type, holder_code, county_code, species, box, pack, registration_id, since, journal_id)
select r, t, h, c, s, b, p, g, now(), currval('journal_id_seq')
from unnest(array[int8range(:lo, :mid), int8range(:mid, :hi)], array['Township', 'County'], array[:township, :county],
            array[:county_code, :county_code], array[:species, :species], array[:box, :box], array[:pack, :pack],
            array[:reg, :reg]::bigint[]) as u(r, t, h, c, s, b, p, g);
with i as (
  insert into tag_issuance (id, kind, issuer_code, issuer_type, receiver_code, receiver_type, count, issued_at, content_hash, journal_id)
  values (:id, 'First', :county, 'County', :township, 'Township', :mid::bigint - :lo::bigint, now(), md5(:id), currval('journal_id_seq'))
  returning id)
insert into tag_issuance_range (issuance_id, first, tag_range) select i.id, lower(r), r from i, unnest(array[int8range(:lo, :mid)]) as u(r);
insert into outbox (created_at, destination, entity_key, payload, journal_id, status, attempts, trace_parent, region_code)
select now(), d, k, p::jsonb, currval('journal_id_seq'), 'Pending', 0, null, r
from unnest(array['national-cloud/eartag-issuances'], array['tag-issuance:' || :id::text], array[:body], array[:county]) as u(d, k, p, r);
with j as (insert into journal (id, received_at, source, type, partner_id, status, reasons, summary, raw_body, processing_ms, replay_of, replayed_by,
        unauthenticated, body_truncated, keys, tag_ranges)
        values (currval('journal_id_seq'), now(), 'djet', 'tag-issuance', :id, 'Accepted', null, :summary::jsonb, :body, 1.0, null, null,
        false, false, :keys::text[], int8multirange(int8range(:lo, :mid))) returning id),
l as (insert into journal_link (journal_id, entity_type, entity_key)
      select distinct j.id, u.t, u.k from j, unnest(array['tag-issuance']::text[], array[:id]::text[]) as u(t, k))
select id from j;
commit;
\endpipeline
