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
}
