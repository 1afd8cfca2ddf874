using System.Diagnostics;
using Npgsql;

namespace EarTagTrace.Bench.Journal;

/// <summary>
/// Seeds journal entries straight into the hub's database with INSERT … SELECT over generate_series, in batches, after
/// dropping the journal's secondary indexes (they are rebuilt at the end, as PostgreSQL builds an index far faster in
/// one pass than row by row). The entries spread evenly over the last year, so they fill the monthly partitions.
/// Deterministic: entry i is the same in every run, so the queries can name what they will find.
/// </summary>
public static class Seeder
{
    /// <summary>djet entries of even i carry a 200-tag range starting here (a 15-digit ear-tag number).</summary>
    public const long FirstTag = 122_010_000_000_000;
    public const int TagsPerRange = 200;

    public static string FarmCode(long farm) => $"220122{farm:D8}";

    public static async Task<(TimeSpan Insert, TimeSpan Index, TimeSpan Vacuum)> SeedAsync(
        NpgsqlDataSource data, BenchOptions o, Action<string> say, CancellationToken ct)
    {
        await using var conn = await data.OpenConnectionAsync(ct);
        async Task Exec(string sql, int timeoutSeconds = 0)
        {
            await using var c = new NpgsqlCommand(sql, conn) { CommandTimeout = timeoutSeconds };
            await c.ExecuteNonQueryAsync(ct);
        }
        await Exec("set maintenance_work_mem = '1GB'; set max_parallel_maintenance_workers = 2; set synchronous_commit = off");

        // Every index of the journal that backs no constraint, to be rebuilt as it was defined (partitioned or not).
        var indexes = new List<(string Name, string Definition)>();
        await using (var c = new NpgsqlCommand("""
            select i.relname, pg_get_indexdef(x.indexrelid)
            from pg_index x join pg_class i on i.oid = x.indexrelid
            where x.indrelid = 'journal'::regclass
              and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
            """, conn))
        await using (var r = await c.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) indexes.Add((r.GetString(0), r.GetString(1)));
        foreach (var (name, _) in indexes) await Exec($"drop index \"{name}\"");

        // The monthly partitions the hub would have made over the year the entries span (a fresh database has them only
        // from now on): without them every seeded entry would sit in the default partition.
        var start = DateTimeOffset.UtcNow.AddDays(-365);
        await using (var check = new NpgsqlCommand("select to_regproc('journal_ensure_partitions') is not null", conn))
            if ((bool)(await check.ExecuteScalarAsync(ct))!)
            {
                await using var make = new NpgsqlCommand("select journal_ensure_partitions(@from, now())", conn);
                make.Parameters.AddWithValue("from", start);
                say($"  {(int)(await make.ExecuteScalarAsync(ct))!} monthly partitions made for the year's entries");
            }

        var clock = Stopwatch.StartNew();
        const long batch = 500_000;
        for (long from = 1; from <= o.Count; from += batch)
        {
            var to = Math.Min(o.Count, from + batch - 1);
            await using var c = new NpgsqlCommand("""
                insert into journal (received_at, source, type, partner_id, status, reasons, summary, raw_body, processing_ms,
                                     unauthenticated, body_truncated, body_pruned, body_pruned_at, keys, tag_ranges)
                select t.at,
                       case when i % 5 < 3 then 'djet' else 'farm-registry' end,
                       case when i % 5 < 3 then (array['declaration','issuance','registration','stock-change','certificate'])[1 + (i / 5) % 5]
                            else (array['farm-push','farm-pull-page'])[1 + (i / 5) % 2] end,
                       case when i % 5 < 3 then 'SB' || i end,
                       case when h < 88 then 'Accepted' when h < 97 then 'Refused' else 'Failed' end,
                       case when h >= 88 then '[{"code":"FARM_UNKNOWN","detail":"养殖场编码未登记"}]'::jsonb end,
                       case when h < 88 then '{"applied":1}'::jsonb end,
                       case when t.pruned then '' else '{"yzcbm":"' || farm || '","sbdh":"SB' || i || '","sl":' || (1 + i % 40) || '}' end,
                       1.5, false, false, t.pruned, case when t.pruned then t.at + interval '180 days' end,
                       case when i % 5 < 3 then array[farm, 'SB' || i] else array[farm] end,
                       case when i % 5 < 3 and i % 2 = 0
                            then int8multirange(int8range(@tag + (i / 2) * @per, @tag + (i / 2) * @per + @per))
                            else '{}'::int8multirange end
                from generate_series(@from::bigint, @to::bigint) as i,
                     lateral (select (i * 7919 % 1000003) % @farms as f, (i * 104729 % 100) as h) as x,
                     lateral (select '220122' || lpad(x.f::text, 8, '0') as farm) as y,
                     -- The steady state of the retention job (RetentionOptions' defaults): accepted bodies older than 180 days
                     -- are emptied, refused and failed ones are kept for 365 days.
                     lateral (select @start + (i * (@span / @count)) * interval '1 microsecond' as at) as t0,
                     lateral (select t0.at, x.h < 88 and t0.at < now() - interval '180 days' as pruned) as t
                """, conn) { CommandTimeout = 0 };
            c.Parameters.AddWithValue("start", start);
            c.Parameters.AddWithValue("span", (long)TimeSpan.FromDays(365).TotalMicroseconds);
            c.Parameters.AddWithValue("count", o.Count);
            c.Parameters.AddWithValue("from", from);
            c.Parameters.AddWithValue("to", to);
            c.Parameters.AddWithValue("farms", (long)o.Farms);
            c.Parameters.AddWithValue("tag", FirstTag);
            c.Parameters.AddWithValue("per", (long)TagsPerRange);
            await c.ExecuteNonQueryAsync(ct);
            say($"  {to:N0} / {o.Count:N0} entries inserted ({clock.Elapsed.TotalSeconds:F0} s)");
        }
        // An accepted registry message links the farm it applied (what GET /api/journal shows as farms).
        await Exec("""
            insert into journal_link (journal_id, entity_type, entity_key)
            select id, 'farm', keys[1] from journal where source = 'farm-registry' and status = 'Accepted' and cardinality(keys) > 0
            on conflict do nothing
            """);
        say($"  farm links written ({clock.Elapsed.TotalSeconds:F0} s)");
        var insert = clock.Elapsed;

        clock.Restart();
        foreach (var (name, definition) in indexes)
        {
            // pg_get_indexdef says ON ONLY for an index of a partitioned table; without ONLY it is built on every partition.
            await Exec(definition.Replace(" ON ONLY ", " ON ", StringComparison.Ordinal));
            say($"  index {name} rebuilt ({clock.Elapsed.TotalSeconds:F0} s)");
        }
        // The hub's search indexer (JournalSearchIndexer) copies accepted bodies off the message's transaction; at this
        // size the bench copies them in one statement as the indexer would have, index dropped first, and sets its cursor.
        await using (var check = new NpgsqlCommand("select to_regclass('journal_search') is not null", conn))
            if ((bool)(await check.ExecuteScalarAsync(ct))!)
            {
                await Exec("drop index if exists ix_journal_search_body_trgm");
                await Exec("""
                    insert into journal_search (journal_id, received_at, body)
                    select id, received_at, raw_body from journal where status = 'Accepted' and not body_pruned
                    on conflict do nothing
                    """);
                await Exec("create index ix_journal_search_body_trgm on journal_search using gin (body gin_trgm_ops)");
                await Exec("""
                    insert into hub_setting (name, value) select 'journal-search-cursor', max(id)::text from journal
                    on conflict (name) do update set value = excluded.value
                    """);
                await Exec("vacuum (analyze) journal_search");
                say($"  accepted bodies copied into journal_search and indexed ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        var index = clock.Elapsed;
        clock.Restart();
        // As autovacuum would leave it: statistics for the planner, the visibility map for index-only scans.
        await Exec("vacuum (analyze) journal");
        await Exec("vacuum (analyze) journal_link");
        return (insert, index, clock.Elapsed);
    }
}
