namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// The journal's text search (q=) and its search table journal_search 报文检索表. Refused and failed bodies are found
/// through the journal's partial trigram index at once; accepted bodies are copied into journal_search by
/// JournalSearchIndexer off the message's transaction (within seconds), so an accepted message no longer pays for a
/// trigram index over its body.
/// </summary>
public static partial class JournalTable
{
    /// <summary>
    /// A clause of <see cref="FilteredSelect"/>: the body holds @q (an ILIKE pattern), among the bodies not accepted
    /// (partial index) or the accepted ones the indexer has copied.
    /// </summary>
    public const string TextClause = """
        id in (select u.id from journal u where u.status <> 'Accepted' and u.raw_body ilike @q
               union all
               select s.journal_id from journal_search s where s.body ilike @q)
        """;

    /// <summary>hub_setting's name for the indexer's cursor: every accepted entry up to this id has been copied.</summary>
    public const string SearchCursorSetting = "journal-search-cursor";

    /// <summary>Taken in the indexer's transaction, so one hub at a time copies (the others skip that round).</summary>
    public const string SearchLockSql = "select pg_try_advisory_xact_lock(hashtext('journal-search-indexer'))";

    /// <summary>
    /// Copies up to @batch accepted bodies after @after not yet copied into journal_search, in id order. Answers how many
    /// it copied and the greatest id among them at or below @settled (see <see cref="SettleMarkSql"/>); entries above it
    /// are read again on the next pass and skipped when already copied. FOR SHARE waits for a retention prune of the same
    /// entry, so a pruned body is never copied after its copy was deleted.
    /// </summary>
    public const string CopyAcceptedBodiesSql = """
        with c as (
            select j.id, j.received_at, j.raw_body from journal j
            where j.id > @after and j.status = 'Accepted' and not j.body_pruned
              and not exists (select 1 from journal_search s where s.journal_id = j.id)
            order by j.id
            limit @batch
            for share of j),
        ins as (
            insert into journal_search (journal_id, received_at, body)
            select id, received_at, raw_body from c
            on conflict (journal_id) do nothing)
        select count(*), max(id) filter (where id <= @settled) from c
        """;

    /// <summary>
    /// A message reserves its journal id inside its transaction and may commit after later ids, however long it runs (a
    /// 100,000-row sheet). So the cursor may pass an id only once every transaction that could hold it has ended. One
    /// row: the greatest id reserved so far and the moment it was read (a mark), and when the oldest transaction still
    /// open in this database by another session began. Every id up to a mark is settled, committed or rolled back, once
    /// no other transaction open now began before that mark. (Sessions of another role show no xact_start to a
    /// non-superuser; the hub's sessions share one role.)
    /// </summary>
    public const string SettleMarkSql = """
        select (select case when is_called then last_value else last_value - 1 end from journal_id_seq), clock_timestamp(),
               (select min(xact_start) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend')
        """;

    /// <summary>How many accepted entries after the cursor are not yet copied (the indexer's lag, for tests and psql users).</summary>
    public const string SearchBacklogSql = """
        select count(*) from journal j
        where j.id > @after and j.status = 'Accepted' and not j.body_pruned
          and not exists (select 1 from journal_search s where s.journal_id = j.id)
        """;
}
