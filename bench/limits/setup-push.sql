-- Material for registry-push.sql, on the database FarmPushBench left behind: for each registry batch the hub accepted
-- (its journal row: the raw body of 500 records as the bench sent them, keys, summary), the farms it created as
-- column arrays, under new codes (L<n>-<code>) so every transaction creates farms as the bench's pushes did.
\set ON_ERROR_STOP on
drop table if exists bench_limit_push;
drop sequence if exists bench_limit_push_seq;
create table bench_limit_push as
with batches as (
  select row_number() over (order by j.id) n, j.id jid0, j.source, j.type, j.raw_body, j.summary, j.keys
  from journal j where j.status = 'Accepted' and exists (select 1 from journal_link l where l.journal_id = j.id and l.entity_type = 'farm')
    and j.source = 'farm-registry'),
farms as (
  select b.n, 'L' || b.n || '-' || f.code lcode, f.*
  from batches b join journal_link l on l.journal_id = b.jid0 and l.entity_type = 'farm' join farm f on f.code = l.entity_key)
select b.n, b.jid0, b.source, b.type, b.raw_body body, b.summary::text summary, 'L' || b.n partner,
       array_agg(x.lcode order by x.code)::text codes, array_agg(x.name order by x.code)::text names,
       array_agg(x.type order by x.code)::text types, array_agg(x.contact_name order by x.code)::text contacts,
       array_agg(x.phone order by x.code)::text phones, array_agg(x.region_code order by x.code)::text regions,
       array_agg(x.county_code order by x.code)::text counties, array_agg(x.township_code order by x.code)::text townships,
       array_agg(x.village_code order by x.code)::text villages, array_agg(x.address order by x.code)::text addresses,
       array_agg(x.longitude order by x.code)::text lngs, array_agg(x.latitude order by x.code)::text lats,
       array_agg(x.status order by x.code)::text statuses, array_agg(x.is_complete order by x.code)::text completes,
       array_agg(x.registry_updated_at order by x.code)::text updated, array_agg(x.content_hash order by x.code)::text hashes,
       array_agg(x.qr_token || b.n order by x.code)::text tokens,
       array_agg(to_jsonb(x) - 'qr_token' order by x.code)::text payloads
from batches b join farms x on x.n = b.n
group by b.n, b.jid0, b.source, b.type, b.raw_body, b.summary;
-- Each farm's stock lines, by the same new codes.
alter table bench_limit_push add column stock_farms text, add column stock_species text, add column stock_counts text;
update bench_limit_push p set stock_farms = s.farms, stock_species = s.species, stock_counts = s.counts
from (select b.n, array_agg('L' || b.n || '-' || s.farm_code)::text farms, array_agg(s.species)::text species, array_agg(s.count)::text counts
      from bench_limit_push b join journal_link l on l.journal_id = b.jid0 and l.entity_type = 'farm'
      join farm_stock s on s.farm_code = l.entity_key
      group by b.n) s
where s.n = p.n;
create unique index on bench_limit_push (n);
create sequence bench_limit_push_seq;
analyze bench_limit_push;
do $$
begin
  if not exists (select 1 from bench_limit_push where stock_farms is not null) then
    raise exception 'no material: the journal holds no accepted registry batch of a FarmPushBench run';
  end if;
end $$;
select count(*) batches, sum(cardinality(codes::text[])) farms from bench_limit_push;
