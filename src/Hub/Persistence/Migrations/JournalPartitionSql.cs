namespace EarTagTrace.Hub.Persistence.Migrations;

/// <summary>
/// The journal as monthly range partitions on received_at (UTC months), in SQL because EF's model cannot say it.
/// A partitioned table's primary key must hold the partition key, so it becomes (id, received_at) and nothing can hold
/// a foreign key to journal(id) any more: journal_link, journal_edit and outbox keep their journal_id columns and
/// indexes without the constraint. Nothing is lost by that: the journal is append-only (no code deletes an entry; the
/// retention job only empties raw bodies), so a journal_id never dangles. EF's model keeps the relationships for its
/// joins and still says the key is id, which stays unique: it comes from the one identity sequence.
/// </summary>
internal static class JournalPartitionSql
{
    /// <summary>
    /// journal_ensure_partitions(from, to): creates the missing monthly partitions journal_pYYYY_MM from the month of
    /// <c>from</c> to the month of <c>to</c>, moving any rows the default partition caught for such a month into it
    /// (PostgreSQL refuses to create a partition whose rows sit in the default one). Serialised by an advisory lock,
    /// so hubs starting together do not race. Answers the number of partitions created.
    /// </summary>
    public const string EnsureFunction = """
        create or replace function journal_ensure_partitions(from_at timestamptz, to_at timestamptz) returns integer
        language plpgsql as $$
        declare
            m date := date_trunc('month', from_at at time zone 'UTC')::date;
            last_month date := date_trunc('month', to_at at time zone 'UTC')::date;
            part text;
            lo timestamptz;
            hi timestamptz;
            created integer := 0;
        begin
            perform pg_advisory_xact_lock(hashtext('journal_ensure_partitions'));
            while m <= last_month loop
                part := format('journal_p%s', to_char(m, 'YYYY_MM'));
                lo := m::timestamp at time zone 'UTC';
                hi := (m + interval '1 month')::timestamp at time zone 'UTC';
                if to_regclass(part) is null then
                    if exists (select 1 from journal_default where received_at >= lo and received_at < hi) then
                        execute format('create table %I (like journal including defaults including storage)', part);
                        execute format('insert into %I select * from journal_default where received_at >= $1 and received_at < $2', part)
                            using lo, hi;
                        delete from journal_default where received_at >= lo and received_at < hi;
                        execute format('alter table journal attach partition %I for values from (%L) to (%L)', part, lo, hi);
                    else
                        execute format('create table %I partition of journal for values from (%L) to (%L)', part, lo, hi);
                    end if;
                    created := created + 1;
                end if;
                m := (m + interval '1 month')::date;
            end loop;
            if created > 0 then
                perform journal_name_partition_indexes();
            end if;
            return created;
        end $$;
        """;

    /// <summary>
    /// journal_name_partition_indexes(): each partition's index is named after the journal's own plus the partition
    /// (ix_journal_keys_p2026_11, pk_journal_default), so a plan names the index it uses the way it did before partitions.
    /// </summary>
    public const string NameIndexesFunction = """
        create or replace function journal_name_partition_indexes() returns integer
        language plpgsql as $$
        declare
            r record;
            renamed integer := 0;
        begin
            for r in
                select ci.relname as child, pi.relname as parent, pt.relname as part
                from pg_inherits pin
                join pg_class pt on pt.oid = pin.inhrelid
                join pg_index x on x.indrelid = pt.oid
                join pg_class ci on ci.oid = x.indexrelid
                join pg_inherits ii on ii.inhrelid = ci.oid
                join pg_class pi on pi.oid = ii.inhparent
                where pin.inhparent = 'journal'::regclass
            loop
                if r.child <> r.parent || substr(r.part, 8) then
                    execute format('alter index %I rename to %I', r.child, r.parent || substr(r.part, 8));
                    renamed := renamed + 1;
                end if;
            end loop;
            return renamed;
        end $$;
        """;

    /// <summary>Converts the journal in place: a partitioned copy, every row moved over with its id, the old table dropped.</summary>
    public const string Up = $$"""
        alter table journal_link drop constraint if exists fk_journal_link_journal_journal_id;
        alter table journal_edit drop constraint if exists fk_journal_edit_journal_journal_id;
        alter table outbox drop constraint if exists fk_outbox_journal_journal_id;

        alter table journal rename to journal_unpartitioned;
        create table journal (like journal_unpartitioned including defaults including identity including storage including comments)
            partition by range (received_at);
        -- A safety net: an entry whose month has no partition yet (a clock far off, or the maintenance job not run)
        -- lands here instead of failing; journal_ensure_partitions moves such rows out when it creates their month.
        create table journal_default partition of journal default;

        {{NameIndexesFunction}}
        {{EnsureFunction}}

        select journal_ensure_partitions(
            coalesce((select min(received_at) from journal_unpartitioned), now()),
            greatest(coalesce((select max(received_at) from journal_unpartitioned), now()), now()) + interval '3 months');
        insert into journal overriding system value select * from journal_unpartitioned;
        do $$
        declare
            seq text := pg_get_serial_sequence('journal', 'id');
            top bigint := (select max(id) from journal);
        begin
            perform setval(seq, coalesce(top, 1), top is not null);
        end $$;
        drop table journal_unpartitioned;
        do $$
        begin
            -- LIKE … INCLUDING IDENTITY named the new sequence journal_id_seq1 while the old one existed.
            if pg_get_serial_sequence('journal', 'id') <> 'public.journal_id_seq' and to_regclass('journal_id_seq') is null then
                execute format('alter sequence %s rename to journal_id_seq', pg_get_serial_sequence('journal', 'id'));
            end if;
        end $$;

        alter table journal add constraint pk_journal primary key (id, received_at);
        create index ix_journal_received_at on journal (received_at);
        create index ix_journal_source_type_partner_id on journal (source, type, partner_id);
        create index ix_journal_replay_of on journal (replay_of);
        {{JournalSearchSql.Up}}
        select journal_name_partition_indexes();
        """;

    /// <summary>Back to one table (the foreign keys return; they hold because the journal is append-only).</summary>
    public const string Down = $$"""
        alter table journal rename to journal_partitioned;
        create table journal (like journal_partitioned including defaults including identity including storage including comments);
        insert into journal overriding system value select * from journal_partitioned;
        do $$
        declare
            seq text := pg_get_serial_sequence('journal', 'id');
            top bigint := (select max(id) from journal);
        begin
            perform setval(seq, coalesce(top, 1), top is not null);
        end $$;
        drop table journal_partitioned;
        drop function if exists journal_ensure_partitions(timestamptz, timestamptz);
        drop function if exists journal_name_partition_indexes();
        do $$
        begin
            if pg_get_serial_sequence('journal', 'id') <> 'public.journal_id_seq' and to_regclass('journal_id_seq') is null then
                execute format('alter sequence %s rename to journal_id_seq', pg_get_serial_sequence('journal', 'id'));
            end if;
        end $$;
        alter table journal add constraint pk_journal primary key (id);
        create index ix_journal_received_at on journal (received_at);
        create index ix_journal_source_type_partner_id on journal (source, type, partner_id);
        create index ix_journal_replay_of on journal (replay_of);
        {{JournalSearchSql.Up}}
        alter table journal_link add constraint fk_journal_link_journal_journal_id
            foreign key (journal_id) references journal (id) on delete cascade;
        alter table journal_edit add constraint fk_journal_edit_journal_journal_id
            foreign key (journal_id) references journal (id) on delete cascade;
        alter table outbox add constraint fk_outbox_journal_journal_id
            foreign key (journal_id) references journal (id) on delete set null;
        """;
}
