-- 耳标追溯 GET /api/tags/{ebh}/trace: the hub's four look-ups for one tag (Features/Tags/TraceTag.cs:
-- TagLedgerTables.TraceRegistrationSql, TraceIssuancesSql, TraceEventsSql, TraceHolderSql), one random registered tag each,
-- in one round trip (a pipeline) as the hub's batch sends them.
\set n random(1, :trace_tags)
select t from bench_limit_trace where n = :n \gset
\startpipeline
select id, registrar_code, registrar_type, box, pack, registered_at, journal_id, source, lower(tag_range), upper(tag_range) - 1
from tag_registration where tag_range @> :t::bigint;
select i.id, i.kind, i.issuer_code, i.receiver_code, i.receiver_type, i.issued_at, i.journal_id
from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id
where x.tag_range @> :t::bigint order by i.issued_at, i.kind;
select e.kind, e.ref_id, e.at, e.journal_id, e.holder_code,
       d.destination_code, d.destination_address, d.purpose,
       c.type, c.destination_code, c.destination_address, c.plate, c.vet, c.valid_days,
       x.reason
from (select * from tag_event where kind = 'Declared' and tags @> :t::bigint
      union all select * from tag_event where kind = 'Used' and tags @> :t::bigint
      union all select * from tag_event where kind = 'Cancelled' and tags @> :t::bigint) e
left join declaration d on e.kind = 'Declared' and d.id = e.ref_id
left join certificate c on e.kind = 'Used' and c.number = e.ref_id
left join tag_cancellation x on e.kind = 'Cancelled' and x.id = e.ref_id
order by e.at, e.id;
select holder_type, holder_code, since from tag_holding where tag_range @> :t::bigint;
\endpipeline
