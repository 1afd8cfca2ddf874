namespace EarTagTrace.Hub.Persistence.Migrations;

/// <summary>The journal's search indexes, in SQL because EF's model cannot say them.</summary>
internal static class JournalSearchSql
{
    public const string Up = """
        -- key=: any business key the message named (GIN answers keys @> array[...]).
        create index ix_journal_keys on journal using gin (keys);
        -- key=<tag>: the messages whose tag ranges hold it (GiST answers tag_ranges @> tag).
        create index ix_journal_tag_ranges on journal using gist (tag_ranges);
        -- q=: ILIKE '%text%' over the raw body. pg_trgm ships with Debian's postgresql package (contrib).
        create extension if not exists pg_trgm;
        create index ix_journal_raw_body_trgm on journal using gin (raw_body gin_trgm_ops);
        """;

    public const string Down = """
        drop index if exists ix_journal_raw_body_trgm;
        drop index if exists ix_journal_tag_ranges;
        drop index if exists ix_journal_keys;
        """;
    /// <summary>
    /// q= off the message's transaction (expand): a partial trigram index over the bodies the journal did not accept,
    /// and journal_search, the accepted bodies copied in batches by JournalSearchIndexer, with its own trigram index.
    /// received_at rides along so a match finds its journal partition.
    /// </summary>
    public const string OffTransactionUp = """
        create index ix_journal_raw_body_trgm_unaccepted on journal using gin (raw_body gin_trgm_ops) where status <> 'Accepted';
        select journal_name_partition_indexes();
        create table journal_search (
            journal_id bigint primary key,
            received_at timestamptz not null,
            body text not null);
        create index ix_journal_search_body_trgm on journal_search using gin (body gin_trgm_ops);
        """;

    public const string OffTransactionDown = """
        drop table if exists journal_search;
        drop index if exists ix_journal_raw_body_trgm_unaccepted;
        delete from hub_setting where name = 'journal-search-cursor';
        """;

    /// <summary>The contract step: the full trigram index goes (accepted bodies no longer pay for it).</summary>
    public const string ContractUp = "drop index if exists ix_journal_raw_body_trgm;";

    public const string ContractDown = """
        create index ix_journal_raw_body_trgm on journal using gin (raw_body gin_trgm_ops);
        select journal_name_partition_indexes();
        """;
}
