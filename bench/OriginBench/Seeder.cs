using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Bench.Origin;

/// <summary>One Fujian township and where its records lie: a centre drawn inside the province's bounding box.</summary>
public sealed record Township(string Code, string County, double Longitude, double Latitude);

/// <summary>
/// Seeds origin entities and records straight into the hub's tables with binary COPY (two records per entity, products
/// and scales drawn per record, points scattered ±0.04° around their township's centre), then analyzes them.
/// </summary>
public static class Seeder
{
    public static readonly (string Code, string Unit, int Min, int Max)[] Products =
    [
        ("cowpea", "Mu", 1, 40), ("leek", "Mu", 1, 20), ("celery", "Mu", 1, 20), ("egg", "Bird", 100, 20_000),
        ("black-bone-chicken", "Bird", 200, 30_000), ("beef-cattle", "Head", 2, 200), ("meat-sheep", "Head", 10, 500), ("live-pig", "Head", 10, 3_000),
    ];

    private static readonly string[] Types = ["Enterprise", "Cooperative", "FamilyFarm", "Household"];

    public static async Task<List<Township>> FujianAsync(NpgsqlDataSource data, int seed, CancellationToken ct)
    {
        var rng = new Random(seed);
        var list = new List<Township>();
        await using var cmd = data.CreateCommand("select code, parent_code from region where code like '35%' and level = 4 and valid_to is null order by code");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new Township(reader.GetString(0), reader.GetString(1), 116.0 + rng.NextDouble() * 4.0, 23.8 + rng.NextDouble() * 4.2));
        return list;
    }

    public static async Task<TimeSpan> SeedAsync(NpgsqlDataSource data, IReadOnlyList<Township> townships, int records, int seed, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var rng = new Random(seed);
        var at = new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await using var conn = await data.OpenConnectionAsync(ct);
        var entities = (records + 1) / 2;
        await using (var writer = await conn.BeginBinaryImportAsync(
            "copy origin_entity (id, name, type, purchaser, contact_name, phone, county_code, created_at, updated_at) from stdin (format binary)", ct))
        {
            for (var e = 1; e <= entities; e++)
            {
                var t = townships[(e - 1) * 2 % townships.Count];
                await writer.StartRowAsync(ct);
                await writer.WriteAsync((long)e, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync($"种养主体{e:D7}", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(Types[e % Types.Length], NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(e % 97 == 0, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync("联系人", NpgsqlDbType.Text, ct);
                await writer.WriteAsync($"+86139{e:D8}", NpgsqlDbType.Text, ct);
                await writer.WriteAsync(t.County, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var writer = await conn.BeginBinaryImportAsync(
            "copy origin_record (id, entity_id, product_code, scale, unit, base_address, region_code, county_code, township_code, location, "
            + "cycle, trace_methods, collector, collected_at, content_hash, created_by, created_at, updated_at) from stdin (format binary)", ct))
        {
            for (var r = 1; r <= records; r++)
            {
                var entity = (r + 1) / 2;
                // Both records of an entity lie in its county's township, so (county, name) stays one entity.
                var t = townships[(entity - 1) * 2 % townships.Count];
                var p = Products[rng.Next(Products.Length)];
                var lon = t.Longitude + (rng.NextDouble() - 0.5) * 0.08;
                var lat = t.Latitude + (rng.NextDouble() - 0.5) * 0.08;
                await writer.StartRowAsync(ct);
                await writer.WriteAsync((long)r, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync((long)entity, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(p.Code, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync((decimal)rng.Next(p.Min, p.Max), NpgsqlDbType.Numeric, ct);
                await writer.WriteAsync(p.Unit, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync($"基地{r}", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(t.Code + "201", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(t.County, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(t.Code, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(Ewkb(lon, lat), NpgsqlDbType.Bytea, ct);
                await writer.WriteAsync("", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(new[] { "ComplianceCertificate" }, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await writer.WriteAsync("采集员", NpgsqlDbType.Text, ct);
                await writer.WriteAsync(at.AddMinutes(rng.Next(0, 60 * 24 * 300)), NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync("bench", NpgsqlDbType.Text, ct);
                await writer.WriteAsync("bench", NpgsqlDbType.Text, ct);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using (var fix = new NpgsqlCommand("""
            select setval(pg_get_serial_sequence('origin_entity', 'id'), (select max(id) from origin_entity));
            select setval(pg_get_serial_sequence('origin_record', 'id'), (select max(id) from origin_record));
            analyze origin_entity; analyze origin_record;
            """, conn) { CommandTimeout = 0 })
            await fix.ExecuteNonQueryAsync(ct);
        return watch.Elapsed;
    }

    /// <summary>A point as EWKB with SRID 4326: what the geography column's binary input takes without the NTS plugin.</summary>
    private static byte[] Ewkb(double lon, double lat)
    {
        var b = new byte[25];
        b[0] = 1; // little endian
        BitConverter.TryWriteBytes(b.AsSpan(1), 0x20000001u); // point with SRID flag
        BitConverter.TryWriteBytes(b.AsSpan(5), 4326u);
        BitConverter.TryWriteBytes(b.AsSpan(9), lon);
        BitConverter.TryWriteBytes(b.AsSpan(17), lat);
        return b;
    }
}
