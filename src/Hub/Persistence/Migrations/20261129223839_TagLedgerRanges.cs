using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TagLedgerRanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Declared, used and cancelled tags become ranges: one row per message and run of consecutive tags with the
            // same holder, instead of one row per tag. Existing rows are converted (gaps and islands: consecutive tags
            // of one message differ from their row number by the same amount), first rows first, so ids keep their order.
            migrationBuilder.Sql("""
                create table tag_event_range (
                  id bigint generated always as identity,
                  tag_range int8range not null,
                  kind character varying(16) not null,
                  ref_id text not null,
                  holder_type character varying(16),
                  holder_code text,
                  at timestamp with time zone not null,
                  journal_id bigint);
                insert into tag_event_range (tag_range, kind, ref_id, holder_type, holder_code, at, journal_id)
                select int8range(min(tag), max(tag), '[]'), kind, ref_id, holder_type, holder_code, at, journal_id
                from (select e.*, e.tag - row_number() over (partition by kind, ref_id, holder_type, holder_code, at, journal_id order by tag) as island
                      from tag_event e) x
                group by kind, ref_id, holder_type, holder_code, at, journal_id, island
                order by min(id);
                drop table tag_event;
                alter table tag_event_range rename to tag_event;
                alter table tag_event add constraint pk_tag_event primary key (id);
                alter sequence tag_event_range_id_seq rename to tag_event_id_seq;
                create index ix_tag_event_ref_id_kind on tag_event (ref_id, kind);
                create index ix_tag_event_holder_code_kind on tag_event (holder_code, kind);
                -- A tag is declared once, used once and cancelled once: no two rows of one kind overlap. Rows of
                -- different kinds may (declared, then used on that declaration's certificate, then cancelled).
                alter table tag_event add constraint tag_event_declared_once exclude using gist (tag_range with &&) where (kind = 'Declared');
                alter table tag_event add constraint tag_event_used_once exclude using gist (tag_range with &&) where (kind = 'Used');
                alter table tag_event add constraint tag_event_cancelled_once exclude using gist (tag_range with &&) where (kind = 'Cancelled');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                create table tag_event_tag (
                  id bigint generated always as identity,
                  tag bigint not null,
                  kind character varying(16) not null,
                  ref_id text not null,
                  holder_type character varying(16),
                  holder_code text,
                  at timestamp with time zone not null,
                  journal_id bigint);
                insert into tag_event_tag (tag, kind, ref_id, holder_type, holder_code, at, journal_id)
                select t, kind, ref_id, holder_type, holder_code, at, journal_id
                from tag_event, generate_series(lower(tag_range), upper(tag_range) - 1) as t
                order by id, t;
                drop table tag_event;
                alter table tag_event_tag rename to tag_event;
                alter table tag_event add constraint pk_tag_event primary key (id);
                alter sequence tag_event_tag_id_seq rename to tag_event_id_seq;
                create unique index ix_tag_event_tag_kind on tag_event (tag, kind);
                create index ix_tag_event_ref_id_kind on tag_event (ref_id, kind);
                create index ix_tag_event_holder_code_kind on tag_event (holder_code, kind);
                """);
        }
    }
}
