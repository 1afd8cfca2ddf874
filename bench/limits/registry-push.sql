-- 养殖场备案 registry push, one accepted batch of new farms: the hub's statements (Features/Farms/FarmUpsert.cs: the
-- locking read and later stock changes, the farm insert, stock replaced, baselines, JournalTable.LinkStatement,
-- OutboxTable.Insert for both farm destinations, JournalTable.Insert under the reserved id), each batch a journal row
-- of the run with its farms under new codes. The rate is batches/s; run.sh multiplies it by the records per batch.
select * from bench_limit_push where n = (select nextval('bench_limit_push_seq')) \gset
begin;
select code, registry_updated_at, content_hash from farm where code = any(:codes::text[]) order by code for update;
select id, farm_code, species, delta, at from stock_change where farm_code = any(:codes::text[]) and kind <> 'Baseline';
select nextval('journal_id_seq') as jid \gset
insert into farm (code, name, type, contact_name, phone, region_code, county_code, township_code, village_code, address,
    longitude, latitude, status, is_complete, registry_updated_at, content_hash, created_at, updated_at, qr_token, qr_rotated_at)
select code, name, type, contact_name, phone, region_code, county_code, township_code, village_code, address,
    longitude, latitude, status, is_complete, registry_updated_at, content_hash, now(), now(), qr_token, now()
from unnest(:codes::text[], :names::text[], :types::text[], :contacts::text[], :phones::text[], :regions::text[], :counties::text[],
    :townships::text[], :villages::text[], :addresses::text[], :lngs::numeric[], :lats::numeric[], :statuses::text[],
    :completes::boolean[], :updated::timestamptz[], :hashes::text[], :tokens::text[])
    as u(code, name, type, contact_name, phone, region_code, county_code, township_code, village_code, address,
         longitude, latitude, status, is_complete, registry_updated_at, content_hash, qr_token);
delete from farm_stock s where s.farm_code = any(:codes::text[])
  and not exists (select 1 from unnest(:stock_farms::text[], :stock_species::text[]) as u(farm, species) where u.farm = s.farm_code and u.species = s.species);
insert into farm_stock (farm_code, species, count) select farm, species, count from unnest(:stock_farms::text[], :stock_species::text[], :stock_counts::int[]) as u(farm, species, count)
on conflict (farm_code, species) do update set count = excluded.count;
insert into stock_change (farm_code, species, kind, count, delta, at, applied, stock_after, recorded_at)
select farm, species, 'Baseline', count, 0, now(), true, count, now() from unnest(:stock_farms::text[], :stock_species::text[], :stock_counts::int[])
    as u(farm, species, count);
insert into journal_link (journal_id, entity_type, entity_key) select :jid, 'farm', k from unnest(:codes::text[]) as k;
insert into outbox (created_at, destination, entity_key, payload, journal_id, status, attempts, trace_parent, region_code)
select now(), d, k, p::jsonb, :jid, 'Pending', 0, null, r
from (select d, k, p, r from unnest(array['national-cloud/farms', 'djet/yzc-sync']) as d,
      unnest(:codes::text[], :payloads::text[], :regions::text[]) as u(k, p, r)) as x;
with j as (insert into journal (id, received_at, source, type, partner_id, status, reasons, summary, raw_body, processing_ms, replay_of, replayed_by,
        unauthenticated, body_truncated, keys, tag_ranges)
        values (:jid, now(), :source, :type, :partner, 'Accepted', null, :summary::jsonb, :body, 1.0, null, null,
        false, false, :codes::text[], '{}'::int8multirange) returning id),
l as (insert into journal_link (journal_id, entity_type, entity_key)
      select distinct j.id, u.t, u.k from j, unnest('{}'::text[], '{}'::text[]) as u(t, k))
select id from j;
commit;
