-- 产地检疫合格证明 B on an accepted declaration: the hub's statements for one certificate (LedgerSession.cs,
-- Features/Declarations/ApplyDjetCertificate.cs: QuarantineTables.LockDeclaredFarm, CertificateFacts,
-- TagLedgerTables.DeclaredRanges, UsedOrCancelledSql, QuarantineTables.Certify, InsertEvent Used, OutboxTable.Insert,
-- JournalTable.Insert). It certifies the declarations declaration.sql wrote, in order, so it runs after it.
-- The stock after the certificate is the decision's (C#); any number costs the database the same.
-- Two round trips like the hub's (pipelines), the reserved journal id as currval: see declaration.sql.
\set after 100
select n, id, farm, county, species, tags, head, cert_body as body, cert_summary as summary, 'LC' || n as number from bench_limit_decl
  where n = (select nextval('bench_limit_cert_seq')) \gset
\startpipeline
begin isolation level repeatable read;
set local plan_cache_mode = force_generic_plan;
select nextval('journal_id_seq');
select 1 from farm f where f.code = (select d.farm_code from declaration d where d.id = :id) for update of f;
select d.id, d.farm_code, d.species, d.certificate_number,
       f.county_code, f.name, f.phone, f.address, f.status,
       (select count(*)::int from farm_stock s where s.farm_code = d.farm_code),
       (select s.count from farm_stock s where s.farm_code = d.farm_code and s.species = :species),
       c.content_hash, c.journal_id
from (values (1)) as one(x)
left join declaration d on d.id = :id
left join farm f on f.code = d.farm_code
left join certificate c on c.number = :number;
select array(select lower(r) from tag_event e, unnest(e.tags) as r where e.kind = 'Declared' and e.ref_id = :id order by 1),
       array(select upper(r) - 1 from tag_event e, unnest(e.tags) as r where e.kind = 'Declared' and e.ref_id = :id order by 1);
select 4, lower(r), upper(r) - 1, e.ref_id, null
  from tag_event e, unnest(e.tags) as r where e.kind = 'Used' and e.tags && :tags::int8multirange and r && :tags::int8multirange
union all
select 5, lower(r), upper(r) - 1, e.ref_id, null
  from tag_event e, unnest(e.tags) as r where e.kind = 'Cancelled' and e.tags && :tags::int8multirange and r && :tags::int8multirange;
\endpipeline
\startpipeline
update farm_stock set count = :after where farm_code = :farm and species = :species;
update declaration set certificate_number = :number where id = :id;
insert into certificate (number, type, declaration_id, farm_code, county_code, species, head_count, origin_code,
                         origin_address, destination_code, destination_address, destination_farm_code, carrier, plate, vet,
                         issued_at, valid_days, content_hash, journal_id)
values (:number, 'B', :id, :farm, :county, :species, :head, :county, '吉林省 养殖小区', '220102',
        '吉林省长春市南关区肉联厂', null, '张运输', '吉A12345', '李明', now(), 1, md5(:number), currval('journal_id_seq'));
insert into stock_change (partner_id, farm_code, species, kind, count, delta, at, applied, stock_after, recorded_at, journal_id)
values (:number, :farm, :species, 'Certificate', :head, -(:head::int), now(), true, :after, now(), currval('journal_id_seq'));
insert into tag_event (tags, kind, ref_id, holder_type, holder_code, at, journal_id)
values (:tags::int8multirange, 'Used', :number, 'Farm', :farm, now(), currval('journal_id_seq'));
insert into outbox (created_at, destination, entity_key, payload, journal_id, status, attempts, trace_parent, region_code)
select now(), d, k, p::jsonb, currval('journal_id_seq'), 'Pending', 0, null, r
from unnest(array['national-cloud/certificates'], array['certificate:' || :number::text], array[:body], array[:county]) as u(d, k, p, r);
with j as (insert into journal (id, received_at, source, type, partner_id, status, reasons, summary, raw_body, processing_ms, replay_of, replayed_by,
        unauthenticated, body_truncated, keys, tag_ranges)
        values (currval('journal_id_seq'), now(), 'djet', 'certificate', :number, 'Accepted', null, :summary::jsonb, :body, 1.0, null, null,
        false, false, array[:farm, :number, :id]::text[], :tags::int8multirange) returning id),
l as (insert into journal_link (journal_id, entity_type, entity_key)
      select distinct j.id, u.t, u.k from j, unnest(array['certificate', 'declaration', 'farm'], array[:number, :id, :farm]) as u(t, k))
select id from j;
commit;
\endpipeline
