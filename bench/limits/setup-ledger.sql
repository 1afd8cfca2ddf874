-- Material for the ledger's limit scripts, on the database LedgerBench left behind: its seeded ledger and the journal
-- of the messages the hub accepted during the run. Each script takes one row per transaction by a sequence, so every
-- write is fresh (the exclusion constraints would refuse a second declaration of the same tags), and its journal body,
-- keys and summary are those of a message of the same kind the hub accepted (the bench's own bodies, not filler).
-- Tags are moved from the body's own farm range onto a fresh farm range the hub never declared, keeping their pattern.
\set ON_ERROR_STOP on
drop table if exists bench_limit_decl, bench_limit_iss, bench_limit_trace;
drop sequence if exists bench_limit_decl_seq, bench_limit_cert_seq, bench_limit_iss_seq;

-- 检疫申报: fresh farm ranges (held by a farm, no Declared event on them) paired with the accepted declarations' journal rows.
create table bench_limit_decl as
with fresh as (
  select row_number() over (order by h.id) n, h.tag_range, h.holder_code farm, h.county_code county, h.species
  from tag_holding h
  where h.holder_type = 'Farm'
    and not exists (select 1 from tag_event e where e.kind = 'Declared' and e.tags && h.tag_range)),
bodies as (
  select row_number() over (order by j.id) - 1 k, count(*) over () total, j.raw_body, j.keys, j.summary, j.tag_ranges,
         (select lower(h.tag_range) from tag_holding h where h.tag_range @> lower(j.tag_ranges) limit 1) lo0
  from journal j where j.type = 'declaration' and j.status = 'Accepted' and j.tag_ranges <> '{}'
    and j.summary is not null and not coalesce((j.summary ->> 'duplicate')::boolean, false))
select f.n, 'LD' || f.n id, f.farm, f.county, f.species,
       (select range_agg(int8range(lower(r) - b.lo0 + lower(f.tag_range), upper(r) - b.lo0 + lower(f.tag_range)))
        from unnest(b.tag_ranges) r)::text tags,
       (select sum(upper(r) - lower(r)) from unnest(b.tag_ranges) r)::int head,
       b.raw_body body, array['declaration', 'farm']::text link_types, array['LD' || f.n, f.farm]::text link_keys,
       array[f.farm, 'LD' || f.n]::text keys, b.summary::text summary
from fresh f join bodies b on b.k = (f.n - 1) % b.total
where b.lo0 is not null;
create unique index on bench_limit_decl (n);
-- 检疫出证 bodies for certificate.sql, from the certificates the hub accepted.
alter table bench_limit_decl add column cert_body text, add column cert_summary text;
with bodies as (
  select row_number() over (order by j.id) - 1 k, count(*) over () total, j.raw_body, j.summary
  from journal j where j.type = 'certificate' and j.status = 'Accepted' and j.summary is not null)
update bench_limit_decl d set cert_body = b.raw_body, cert_summary = b.summary::text
from bodies b where b.k = (d.n - 1) % b.total;
create sequence bench_limit_decl_seq;
create sequence bench_limit_cert_seq;

-- 一次发放: county-held ranges not issued yet (the hub issued the first half of the pool), the first half of each to a
-- township of its county, with the accepted issuances' journal rows.
create table bench_limit_iss as
with fresh as (
  select row_number() over (order by h.id desc) n, h.id hid, lower(h.tag_range) lo, upper(h.tag_range) hi,
         h.holder_code county, h.county_code, h.species, h.box, h.pack, h.registration_id reg
  from tag_holding h where h.holder_type = 'County' and upper(h.tag_range) - lower(h.tag_range) >= 2),
townships as (
  select substr(r.code, 1, 6) county, min(r.code) township from region r where r.level = 4 and r.code like '22%' group by 1),
bodies as (
  select row_number() over (order by j.id) - 1 k, count(*) over () total, j.raw_body, j.summary
  from journal j where j.type = 'tag-issuance' and j.status = 'Accepted' and j.summary is not null)
select f.n, 'LI' || f.n id, f.hid, f.lo, f.hi, f.lo + (f.hi - f.lo) / 2 mid, f.county, t.township, f.county_code, f.species,
       f.box, f.pack, f.reg, b.raw_body body, b.summary::text summary,
       array[f.county, t.township, 'LI' || f.n]::text keys
from fresh f join townships t on t.county = f.county_code join bodies b on b.k = (f.n - 1) % b.total;
create unique index on bench_limit_iss (n);
create sequence bench_limit_iss_seq;

-- 耳标追溯: one random tag of each registered range, as the bench's trace look-ups pick them.
create table bench_limit_trace as
select row_number() over (order by g.id) n,
       lower(g.tag_range) + floor(random() * (upper(g.tag_range) - lower(g.tag_range)))::bigint t
from tag_registration g;
create unique index on bench_limit_trace (n);
analyze bench_limit_decl;
analyze bench_limit_iss;
analyze bench_limit_trace;
-- Without the run's accepted messages there are no real bodies: say so rather than measure empty ones.
do $$
begin
  if not exists (select 1 from bench_limit_decl where cert_body is not null) or not exists (select 1 from bench_limit_iss)
     or not exists (select 1 from bench_limit_trace) then
    raise exception 'no material: % fresh farm ranges with a declaration and certificate body, % county ranges left to issue, % registered ranges; either the journal holds no accepted declaration, certificate or issuance of a LedgerBench run, or the run used up every fresh range (at a small --scale the timed phases declare all farm ranges; use --scale 0.2 for limits)',
      (select count(*) from bench_limit_decl where cert_body is not null), (select count(*) from bench_limit_iss),
      (select count(*) from bench_limit_trace);
  end if;
end $$;
select (select count(*) from bench_limit_decl) declarations, (select count(*) from bench_limit_iss) issuances,
       (select count(*) from bench_limit_trace) trace_tags;
