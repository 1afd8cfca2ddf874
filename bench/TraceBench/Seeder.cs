using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace EarTagTrace.Bench.Trace;

/// <summary>
/// Seeds the trace world straight into the hub's tables with COPY: farms spread over province 22's counties, 100 tags
/// issued to each early in the year and held by it since, and four certificates per farm over the year (each with its
/// declaration), a third of them into another registered farm (到达地养殖场编码), the rest to a slaughterhouse.
/// </summary>
public static class Seeder
{
    public sealed record World(int Farms, string[] Counties, long[] FirstTag, DateTimeOffset Now);

    public static async Task<World> SeedAsync(NpgsqlDataSource data, BenchOptions options, Action<string> say, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var townships = new List<(string County, string Township)>();
        await using (var c = data.CreateCommand(
            "select left(code, 6), min(code) from region where length(code) = 9 and code like '22%' group by 1 order by 1"))
        await using (var r = await c.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) townships.Add((r.GetString(0), r.GetString(1)));
        if (townships.Count == 0) throw new InvalidOperationException("no townships of province 22 in the region table: was the hub migrated?");

        var now = DateTimeOffset.UtcNow;
        var rng = new Random(options.Seed);
        var farms = options.Farms;
        var firstTag = new long[farms];
        var counties = new string[farms];
        var perCounty = new long[townships.Count];
        string Farm(int i) => "FB" + counties[i] + i.ToString("D8", CultureInfo.InvariantCulture);
        for (var i = 0; i < farms; i++)
        {
            var c = i % townships.Count;
            counties[i] = townships[c].County;
            firstTag[i] = long.Parse("1" + townships[c].County, CultureInfo.InvariantCulture) * 100_000_000 + perCounty[c] * BenchOptions.TagsPerFarm + 1;
            perCounty[c]++;
        }
        if (options.Reuse && await CountAsync(data, "select count(*) from farm where code like 'FB%'", ct) == farms)
        {
            say($"  reusing the world already seeded: {farms:N0} farms ({watch.Elapsed.TotalSeconds:F0} s)");
            await HoldingsAsync(data, say, ct);
            return new World(farms, counties, firstTag, now);
        }
        string Ts(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture);
        string Township(int i) => townships[i % townships.Count].Township;

        await CopyAsync(data, "farm (code, name, type, contact_name, phone, region_code, county_code, township_code, address, longitude, latitude, status, is_complete, registry_updated_at, content_hash, created_at, updated_at)",
            Enumerable.Range(0, farms).Select(i =>
                $"{Farm(i)}\t养殖场{i}\tFarm\t场主{i % 97}\t138{i % 100_000_000:D8}\t{Township(i)}\t{counties[i]}\t{Township(i)}\t{Township(i)}地址{i}\t125.{i % 1000:D3}\t44.{i % 997:D3}\tActive\tt\t{Ts(now)}\th\t{Ts(now)}\t{Ts(now)}"), ct);
        say($"  farms: {farms:N0} in {townships.Count} counties ({watch.Elapsed.TotalSeconds:F0} s)");

        var issuedAt = new DateTimeOffset[farms];
        for (var i = 0; i < farms; i++) issuedAt[i] = now.AddDays(-365 + rng.NextDouble() * 30);
        await CopyAsync(data, "tag_issuance (id, kind, issuer_code, issuer_type, receiver_code, receiver_type, count, issued_at, content_hash)",
            Enumerable.Range(0, farms).Select(i => $"TB-FF-{i}\tSecond\t{Township(i)}\tTownship\t{Farm(i)}\tFarm\t{BenchOptions.TagsPerFarm}\t{Ts(issuedAt[i])}\th"), ct);
        await CopyAsync(data, "tag_issuance_range (issuance_id, first, tag_range)",
            Enumerable.Range(0, farms).Select(i => $"TB-FF-{i}\t{firstTag[i]}\t[{firstTag[i]},{firstTag[i] + BenchOptions.TagsPerFarm})"), ct);
        say($"  issuances: {farms:N0} ({farms * (long)BenchOptions.TagsPerFarm:N0} tags) ({watch.Elapsed.TotalSeconds:F0} s)");

        // Certificates: k-th ten tags of each farm, at a random time of the year after the issuance.
        var certificates = new List<(int Farm, int K, DateTimeOffset At, int? To)>(farms * BenchOptions.CertificatesPerFarm);
        for (var i = 0; i < farms; i++)
            for (var k = 0; k < BenchOptions.CertificatesPerFarm; k++)
            {
                var at = issuedAt[i].AddDays(1 + rng.NextDouble() * ((now - issuedAt[i]).TotalDays - 2));
                certificates.Add((i, k, at, rng.Next(3) == 0 ? rng.Next(farms) : null));
            }
        string Tags(int i, int k) => $"{{[{firstTag[i] + k * BenchOptions.TagsPerCertificate},{firstTag[i] + (k + 1) * BenchOptions.TagsPerCertificate})}}";
        await CopyAsync(data, "declaration (id, farm_code, county_code, species, head_count, destination_code, destination_address, purpose, declared_at, content_hash, certificate_number)",
            certificates.Select(c => $"TB-SB-{c.Farm}-{c.K}\t{Farm(c.Farm)}\t{counties[c.Farm]}\tPig\t{BenchOptions.TagsPerCertificate}\t{Dest(c)}\t{DestAddress(c)}\tSlaughter\t{Ts(c.At.AddHours(-2))}\th\tTB-ZM-{c.Farm}-{c.K}"), ct);
        await CopyAsync(data, "certificate (number, type, declaration_id, farm_code, county_code, species, head_count, origin_code, origin_address, destination_code, destination_address, destination_farm_code, plate, vet, issued_at, valid_days, content_hash)",
            certificates.Select(c => $"TB-ZM-{c.Farm}-{c.K}\tB\tTB-SB-{c.Farm}-{c.K}\t{Farm(c.Farm)}\t{counties[c.Farm]}\tPig\t{BenchOptions.TagsPerCertificate}\t{Township(c.Farm)}\t\\N\t{Dest(c)}\t{DestAddress(c)}\t{(c.To is { } to ? Farm(to) : "\\N")}\t吉A00000\t兽医\t{Ts(c.At)}\t2\th"), ct);
        await CopyAsync(data, "tag_event (tags, kind, ref_id, holder_type, holder_code, at)",
            certificates.SelectMany(c => new[]
            {
                $"{Tags(c.Farm, c.K)}\tDeclared\tTB-SB-{c.Farm}-{c.K}\tFarm\t{Farm(c.Farm)}\t{Ts(c.At.AddHours(-2))}",
                $"{Tags(c.Farm, c.K)}\tUsed\tTB-ZM-{c.Farm}-{c.K}\tFarm\t{Farm(c.Farm)}\t{Ts(c.At)}",
            }), ct);
        say($"  certificates and declarations: {certificates.Count:N0} each ({watch.Elapsed.TotalSeconds:F0} s)");

        await HoldingsAsync(data, say, ct);
        await using (var analyze = data.CreateCommand("analyze farm; analyze tag_issuance; analyze tag_issuance_range; analyze declaration; analyze certificate; analyze tag_event"))
        {
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(ct);
        }
        say($"  analyzed ({watch.Elapsed.TotalSeconds:F0} s)");
        return new World(farms, counties, firstTag, now);

        string Dest((int Farm, int K, DateTimeOffset At, int? To) c) => c.To is { } to ? Township(to) : Township(c.Farm);
        string DestAddress((int Farm, int K, DateTimeOffset At, int? To) c) => c.To is { } to ? $"{Township(to)}地址{to}" : $"{counties[c.Farm]}肉联厂";
    }

    /// <summary>
    /// What the ledger holds after the second issuances: each farm holds the tags issued to it, since the issuance (a
    /// trace reads holdings as evidence too), under one stock registration per county. Added to a world seeded before
    /// holdings were part of it.
    /// </summary>
    private static async Task HoldingsAsync(NpgsqlDataSource data, Action<string> say, CancellationToken ct)
    {
        if (await CountAsync(data, "select count(*) from tag_holding where holder_code like 'FB%'", ct) > 0) return;
        await using var command = data.CreateCommand("""
            insert into tag_registration (tag_range, count, registrar_code, registrar_type, county_code, species, registered_at, source)
            select int8range(min(lower(x.tag_range)), max(upper(x.tag_range))), sum(upper(x.tag_range) - lower(x.tag_range)),
                   f.county_code, 'County', f.county_code, 'Pig', min(i.issued_at) - interval '1 day', 'TraceBench'
            from tag_issuance i join tag_issuance_range x on x.issuance_id = i.id join farm f on f.code = i.receiver_code
            where i.id like 'TB-FF-%' group by f.county_code;
            insert into tag_holding (tag_range, holder_type, holder_code, county_code, species, registration_id, since)
            select x.tag_range, 'Farm', i.receiver_code, f.county_code, 'Pig', g.id, i.issued_at
            from tag_issuance i join tag_issuance_range x on x.issuance_id = i.id join farm f on f.code = i.receiver_code
            join tag_registration g on g.county_code = f.county_code and g.source = 'TraceBench'
            where i.id like 'TB-FF-%';
            analyze tag_registration; analyze tag_holding;
            """);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
        say("  holdings: every farm holds the tags issued to it");
    }

    private static async Task<long> CountAsync(NpgsqlDataSource data, string sql, CancellationToken ct)
    {
        await using var c = data.CreateCommand(sql);
        return (long)(await c.ExecuteScalarAsync(ct))!;
    }

    private static async Task CopyAsync(NpgsqlDataSource data, string target, IEnumerable<string> lines, CancellationToken ct)
    {
        await using var conn = await data.OpenConnectionAsync(ct);
        await using var writer = await conn.BeginTextImportAsync($"copy {target} from stdin", ct);
        foreach (var line in lines) await writer.WriteLineAsync(line);
    }
}
