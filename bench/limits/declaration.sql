-- 检疫申报 accepted: the hub's statements for one declaration (src/Hub/Inbound/LedgerSession.cs,
-- Features/Declarations/ApplyDjetDeclaration.cs: QuarantineTables.DeclarationFacts, TagLedgerTables.StandingSql,
-- QuarantineTables.InsertDeclaration, TagLedgerTables.InsertEvent, JournalTable.Insert under the reserved id), with
-- the parameters the hub binds written as :variables. Like the hub, two round trips (pgbench pipelines): the load with
-- BEGIN, the writes with COMMIT; the writes name the reserved journal id as currval('journal_id_seq') where the hub
-- binds it, since pgbench cannot read a result inside a pipeline. One more round trip fetches the row's material.
select * from bench_limit_decl where n = (select nextval('bench_limit_decl_seq')) \gset
\startpipeline
begin;
set local plan_cache_mode = force_generic_plan;
select nextval('journal_id_seq');
select f.code, f.name, f.phone, f.address, f.status, f.qr_token, f.county_code, f.township_code,
       (select count(*)::int from farm_stock s where s.farm_code = f.code),
       (select s.count from farm_stock s where s.farm_code = f.code and s.species = :species),
       exists (select 1 from county_rollout r where r.county_code = f.county_code and r.enabled and r.since <= current_date),
       d.content_hash, d.journal_id
from (values (1)) as one(x)
left join farm f on f.code = :farm
left join declaration d on d.id = :id;
select 0, lower(h.tag_range), upper(h.tag_range) - 1, h.holder_type, h.holder_code
  from tag_holding h where h.tag_range && :tags::int8multirange
union all
select 1, lower(x.tag_range), upper(x.tag_range) - 1, i.receiver_code, null
  from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id where x.tag_range && :tags::int8multirange and i.kind = 'First'
union all
select 2, lower(g.tag_range), upper(g.tag_range) - 1, g.registrar_code, null
  from tag_registration g where g.tag_range && :tags::int8multirange and g.registrar_type = 'Township'
union all
select 3, lower(r), upper(r) - 1, e.ref_id, null
  from tag_event e, unnest(e.tags) as r where e.kind = 'Declared' and e.tags && :tags::int8multirange and r && :tags::int8multirange
union all
select 4, lower(r), upper(r) - 1, e.ref_id, null
  from tag_event e, unnest(e.tags) as r where e.kind = 'Used' and e.tags && :tags::int8multirange and r && :tags::int8multirange
union all
select 5, lower(r), upper(r) - 1, e.ref_id, null
  from tag_event e, unnest(e.tags) as r where e.kind = 'Cancelled' and e.tags && :tags::int8multirange and r && :tags::int8multirange;
\endpipeline
\startpipeline
insert into declaration (id, farm_code, county_code, species, head_count, destination_code, destination_address,
                         purpose, declared_at, content_hash, journal_id)
values (:id, :farm, :county, :species, :head, '220102', '吉林省长春市南关区肉联厂', 'Slaughter', now(), md5(:id), currval('journal_id_seq'));
insert into tag_event (tags, kind, ref_id, holder_type, holder_code, at, journal_id)
values (:tags::int8multirange, 'Declared', :id, 'Farm', :farm, now(), currval('journal_id_seq'));
with j as (insert into journal (id, received_at, source, type, partner_id, status, reasons, summary, raw_body, processing_ms, replay_of, replayed_by,
        unauthenticated, body_truncated, keys, tag_ranges)
        values (currval('journal_id_seq'), now(), 'djet', 'declaration', :id, 'Accepted', null, :summary::jsonb, :body, 1.0, null, null,
        false, false, :keys::text[], :tags::int8multirange) returning id),
l as (insert into journal_link (journal_id, entity_type, entity_key)
      select distinct j.id, u.t, u.k from j, unnest(:link_types::text[], :link_keys::text[]) as u(t, k))
select id from j;
commit;
\endpipeline
