using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Bench.Ledger;

/// <summary>
/// Loads <see cref="SeedData"/> straight into the hub's tables with binary COPY (seeding is not what is measured).
/// Secondary indexes, exclusion constraints and foreign keys of the loaded tables are dropped first and recreated
/// after the load with exactly their old definitions (recreating them checks every row: no two ranges overlap, every
/// stock row has its farm), then the tables are vacuumed and analyzed.
/// </summary>
public sealed class Seeder(NpgsqlDataSource dataSource, SeedData data, Action<string> say)
{
    private static readonly string[] Tables = ["farm", "farm_stock", "tag_registration", "tag_holding", "tag_issuance", "tag_issuance_range"];

    private static readonly DateTimeOffset RegisteredAt = new(2026, 1, 5, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstIssuedAt = new(2026, 2, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondIssuedAt = new(2026, 3, 3, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FarmUpdatedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const NpgsqlDbType Int8Range = NpgsqlDbType.Range | NpgsqlDbType.Bigint;

    public sealed record Timings(TimeSpan Load, TimeSpan Constraints, TimeSpan Vacuum, TimeSpan Total);

    public static async Task<List<(string Township, string County)>> ReadJilinAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var rows = new List<(string, string)>();
        await using var cmd = dataSource.CreateCommand("""
            select code, parent_code from region
            where level = 4 and code like '22%' and valid_to is null and parent_code is not null
            order by code
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add((r.GetString(0), r.GetString(1)));
        return rows;
    }

    public async Task<Timings> RunAsync(CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            var held = (long)(await new NpgsqlCommand("select count(*) from tag_registration", conn).ExecuteScalarAsync(ct))!;
            if (held > 0)
                throw new InvalidOperationException($"tag_registration already holds {held:N0} rows: LedgerBench seeds a fresh database (./eartag bench gives it one)");
        }

        var (drops, creates) = await ReadDefinitionsAsync(ct);
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            foreach (var drop in drops)
            {
                // The hub runs beside the seed, and its jobs read these tables: a drop may deadlock with one of them
                // (40P01). Each drop is one statement, so trying it again is safe.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await new NpgsqlCommand(drop, conn).ExecuteNonQueryAsync(ct);
                        break;
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 10)
                    {
                        await Task.Delay(200 * attempt, ct);
                    }
                }
            }
        }
        say($"  dropped {drops.Count} indexes/constraints of {string.Join(", ", Tables)} for the load");

        var load = Stopwatch.StartNew();
        await Task.WhenAll(
            Task.Run(() => Copy("farms", CopyFarms, ct), ct),
            Task.Run(() => Copy("registrations + holdings", CopyRegistrationsAndHoldings, ct), ct),
            Task.Run(() => Copy("issuances", CopyIssuances, ct), ct));
        load.Stop();
        say($"  COPY done in {load.Elapsed.TotalSeconds:F1} s");

        var constraints = Stopwatch.StartNew();
        // The heaviest (the GiST exclusion constraints) first, two at a time: the box has two cores.
        var queue = new Queue<string>(creates.OrderByDescending(c => c.Contains("gist", StringComparison.OrdinalIgnoreCase)).ThenBy(c => c.Contains("FOREIGN KEY", StringComparison.Ordinal)));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await new NpgsqlCommand("set maintenance_work_mem = '1GB'", conn).ExecuteNonQueryAsync(ct);
            while (true)
            {
                string? sql;
                lock (queue) sql = queue.Count > 0 ? queue.Dequeue() : null;
                if (sql is null) return;
                var watch = Stopwatch.StartNew();
                await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
                await cmd.ExecuteNonQueryAsync(ct);
                say($"  {watch.Elapsed.TotalSeconds,6:F1} s  {Shorten(sql)}");
            }
        }, ct)));
        constraints.Stop();

        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await Exec(conn, "select setval(pg_get_serial_sequence('tag_registration', 'id'), (select max(id) from tag_registration))", ct);
            await Exec(conn, "select setval(pg_get_serial_sequence('tag_holding', 'id'), (select max(id) from tag_holding))", ct);
            // Every Jilin county switched on, from a date before any declaration of the run.
            await Exec(conn, """
                insert into county_rollout (county_code, enabled, since, updated_at)
                select code, true, date '2026-01-01', now() from region where level = 3 and code like '22%' and valid_to is null
                on conflict (county_code) do update set enabled = true, since = excluded.since, updated_at = excluded.updated_at
                """, ct);
        }

        var vacuum = Stopwatch.StartNew();
        var tables = new Queue<string>(Tables.Append("county_rollout"));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            while (true)
            {
                string? table;
                lock (tables) table = tables.Count > 0 ? tables.Dequeue() : null;
                if (table is null) return;
                await using var cmd = new NpgsqlCommand($"vacuum (analyze) {table}", conn) { CommandTimeout = 0 };
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }, ct)));
        vacuum.Stop();
        say($"  vacuum (analyze) done in {vacuum.Elapsed.TotalSeconds:F1} s");
        return new Timings(load.Elapsed, constraints.Elapsed, vacuum.Elapsed, total.Elapsed);
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Shorten(string sql) => sql.Length <= 110 ? sql : sql[..107] + "...";

    /// <summary>Drop and re-create statements of every secondary index, exclusion constraint and foreign key of the tables.</summary>
    private async Task<(List<string> Drops, List<string> Creates)> ReadDefinitionsAsync(CancellationToken ct)
    {
        var drops = new List<string>();
        var creates = new List<string>();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // Foreign keys pointing into the loaded tables from elsewhere would block dropping their keys; we keep keys,
        // so only the loaded tables' own foreign keys and exclusion constraints are taken off.
        await using (var cmd = new NpgsqlCommand("""
            select conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            from pg_constraint
            where conrelid = any(@t::regclass[]) and contype in ('x', 'f')
            order by contype desc, conname
            """, conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("t", Tables));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                drops.Add($"alter table {r.GetString(0)} drop constraint {Quote(r.GetString(1))}");
                creates.Add($"alter table {r.GetString(0)} add constraint {Quote(r.GetString(1))} {r.GetString(2)}");
            }
        }
        await using (var cmd = new NpgsqlCommand("""
            select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            from pg_index i
            where i.indrelid = any(@t::regclass[]) and not i.indisprimary
              and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
            order by 1
            """, conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("t", Tables));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                drops.Add($"drop index {r.GetString(0)}");
                creates.Add(r.GetString(1));
            }
        }
        return (drops, creates);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private void Copy(string what, Action<NpgsqlConnection> copy, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var conn = dataSource.OpenConnection();
        ct.ThrowIfCancellationRequested();
        copy(conn);
        say($"  {watch.Elapsed.TotalSeconds,6:F1} s  COPY {what}");
    }

    private void CopyFarms(NpgsqlConnection conn)
    {
        var phoneRng = new Random(data.Seed + 1);
        using (var w = conn.BeginBinaryImport("""
            copy farm (code, name, type, contact_name, phone, region_code, county_code, township_code, address, status,
                       is_complete, registry_updated_at, content_hash, created_at, updated_at, qr_token)
            from stdin (format binary)
            """))
        {
            for (var f = 0; f < data.FarmCount; f++)
            {
                var code = data.FarmCode(f);
                var township = data.Townships[data.TownshipOfFarm(f)];
                w.StartRow();
                w.Write(code, NpgsqlDbType.Varchar);
                w.Write((f % 3 == 0 ? "家庭养殖户" : "生猪养殖场") + f.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                w.Write(f % 3 == 0 ? "Household" : "Farm", NpgsqlDbType.Varchar);
                w.Write("王建国", NpgsqlDbType.Text);
                w.Write("13" + phoneRng.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                w.Write(township, NpgsqlDbType.Text);
                w.Write(data.CountyOfFarm(f), NpgsqlDbType.Text);
                w.Write(township, NpgsqlDbType.Text);
                w.Write("吉林省 " + township + " 养殖小区" + (f / data.Townships.Length + 1).ToString(CultureInfo.InvariantCulture) + "号", NpgsqlDbType.Text);
                w.Write("Active", NpgsqlDbType.Varchar);
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write(FarmUpdatedAt, NpgsqlDbType.TimestampTz);
                w.Write(SeedData.Mix((ulong)f).ToString("x16", CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                w.Write(FarmUpdatedAt, NpgsqlDbType.TimestampTz);
                w.Write(FarmUpdatedAt, NpgsqlDbType.TimestampTz);
                w.Write(data.QrToken(f), NpgsqlDbType.Text);
            }
            w.Complete();
        }
        var stockRng = new Random(data.Seed + 2);
        var declaring = new HashSet<int>(data.FarmRanges.Select(i => data.Ranges[i].Farm));
        using (var w = conn.BeginBinaryImport("copy farm_stock (farm_code, species, count) from stdin (format binary)"))
        {
            for (var f = 0; f < data.FarmCount; f++)
            {
                w.StartRow();
                w.Write(data.FarmCode(f), NpgsqlDbType.Varchar);
                w.Write("Pig", NpgsqlDbType.Varchar);
                w.Write(declaring.Contains(f) ? SeedData.FarmStock : stockRng.Next(5, 3_000), NpgsqlDbType.Integer);
            }
            w.Complete();
        }
    }

    private void CopyRegistrationsAndHoldings(NpgsqlConnection conn)
    {
        using (var w = conn.BeginBinaryImport("""
            copy tag_registration (id, tag_range, count, registrar_code, registrar_type, county_code, species, box, pack, registered_at, source)
            from stdin (format binary)
            """))
        {
            for (var i = 0; i < data.Ranges.Length; i++)
            {
                var r = data.Ranges[i];
                var county = data.Counties[r.County];
                w.StartRow();
                w.Write((long)i + 1, NpgsqlDbType.Bigint);
                w.Write(Range(r), Int8Range);
                w.Write((long)r.Size, NpgsqlDbType.Bigint);
                w.Write(county, NpgsqlDbType.Text);
                w.Write("County", NpgsqlDbType.Varchar);
                w.Write(county, NpgsqlDbType.Text);
                w.Write("Pig", NpgsqlDbType.Varchar);
                w.Write(Box(i), NpgsqlDbType.Text);
                w.Write(Pack(i), NpgsqlDbType.Text);
                w.Write(RegisteredAt.AddMinutes(i % 50_000), NpgsqlDbType.TimestampTz);
                w.Write(i % 4 == 0 ? "sheet" : "djet", NpgsqlDbType.Text);
            }
            w.Complete();
        }
        using (var w = conn.BeginBinaryImport("""
            copy tag_holding (id, tag_range, holder_type, holder_code, county_code, species, box, pack, registration_id, since)
            from stdin (format binary)
            """))
        {
            for (var i = 0; i < data.Ranges.Length; i++)
            {
                var r = data.Ranges[i];
                var county = data.Counties[r.County];
                var (type, holder, since) = r.Kind switch
                {
                    RangeKind.County => ("County", county, RegisteredAt.AddMinutes(i % 50_000)),
                    RangeKind.Township => ("Township", data.Townships[r.Township], FirstIssuedAt),
                    _ => ("Farm", data.FarmCode(r.Farm), SecondIssuedAt),
                };
                w.StartRow();
                w.Write((long)i + 1, NpgsqlDbType.Bigint);
                w.Write(Range(r), Int8Range);
                w.Write(type, NpgsqlDbType.Varchar);
                w.Write(holder, NpgsqlDbType.Text);
                w.Write(county, NpgsqlDbType.Text);
                w.Write("Pig", NpgsqlDbType.Varchar);
                w.Write(Box(i), NpgsqlDbType.Text);
                w.Write(Pack(i), NpgsqlDbType.Text);
                w.Write((long)i + 1, NpgsqlDbType.Bigint);
                w.Write(since, NpgsqlDbType.TimestampTz);
            }
            w.Complete();
        }
    }

    private void CopyIssuances(NpgsqlConnection conn)
    {
        using (var w = conn.BeginBinaryImport("""
            copy tag_issuance (id, kind, issuer_code, issuer_type, receiver_code, receiver_type, count, issued_at, content_hash)
            from stdin (format binary)
            """))
        {
            for (var i = 0; i < data.Ranges.Length; i++)
            {
                var r = data.Ranges[i];
                if (r.Kind == RangeKind.County) continue;
                var township = data.Townships[r.Township];
                Issuance(w, FirstId(i), "First", data.Counties[r.County], "County", township, "Township", r.Size, FirstIssuedAt);
                if (r.Kind == RangeKind.Farm)
                    Issuance(w, SecondId(i), "Second", township, "Township", data.FarmCode(r.Farm), "Farm", r.Size, SecondIssuedAt);
            }
            w.Complete();
        }
        using (var w = conn.BeginBinaryImport("copy tag_issuance_range (issuance_id, first, tag_range) from stdin (format binary)"))
        {
            for (var i = 0; i < data.Ranges.Length; i++)
            {
                var r = data.Ranges[i];
                if (r.Kind == RangeKind.County) continue;
                IssuanceRange(w, FirstId(i), r);
                if (r.Kind == RangeKind.Farm) IssuanceRange(w, SecondId(i), r);
            }
            w.Complete();
        }
    }

    private static void Issuance(NpgsqlBinaryImporter w, string id, string kind, string issuer, string issuerType,
        string receiver, string receiverType, int count, DateTimeOffset at)
    {
        w.StartRow();
        w.Write(id, NpgsqlDbType.Text);
        w.Write(kind, NpgsqlDbType.Varchar);
        w.Write(issuer, NpgsqlDbType.Text);
        w.Write(issuerType, NpgsqlDbType.Varchar);
        w.Write(receiver, NpgsqlDbType.Text);
        w.Write(receiverType, NpgsqlDbType.Varchar);
        w.Write((long)count, NpgsqlDbType.Bigint);
        w.Write(at, NpgsqlDbType.TimestampTz);
        w.Write("seed-" + id, NpgsqlDbType.Text);
    }

    private static void IssuanceRange(NpgsqlBinaryImporter w, string id, SeedRange r)
    {
        w.StartRow();
        w.Write(id, NpgsqlDbType.Text);
        w.Write(r.First, NpgsqlDbType.Bigint);
        w.Write(Range(r), Int8Range);
    }

    private static string FirstId(int i) => "SEED1-" + (i + 1).ToString(CultureInfo.InvariantCulture);
    private static string SecondId(int i) => "SEED2-" + (i + 1).ToString(CultureInfo.InvariantCulture);
    private static string Box(int i) => "X" + (i / 10 + 1).ToString("D7", CultureInfo.InvariantCulture);
    private static string Pack(int i) => "P" + (i % 10 + 1).ToString("D2", CultureInfo.InvariantCulture);
    private static NpgsqlRange<long> Range(SeedRange r) => new(r.First, true, r.Last + 1, false);
}
