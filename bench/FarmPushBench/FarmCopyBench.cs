using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Registry;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Bench;

/// <summary>
/// The floor to compare the hub with: the same registry records binary-COPYed straight into a table shaped like the
/// hub's farm table, with the same per-record conversion work (stock to jsonb, CST time to UTC, raw record kept).
/// </summary>
public static class FarmCopyBench
{
    private static readonly JsonSerializerOptions RawJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string CreateTable = """
        create table if not exists bench_farm_copy (
            code        text primary key,
            name        text not null,
            type        text not null,
            contact     text,
            phone       text,
            region      text not null,
            address     text,
            lng         numeric(9,6),
            lat         numeric(9,6),
            stock       jsonb not null,
            status      text not null,
            updated_at  timestamptz not null,
            raw         jsonb not null
        );
        truncate bench_farm_copy;
        """;

    private const string Copy = "copy bench_farm_copy (code, name, type, contact, phone, region, address, lng, lat, stock, "
        + "status, updated_at, raw) from stdin (format binary)";

    public static async Task<(long Rows, TimeSpan Elapsed, string ServerVersion, CpuSample? Cpu)> RunAsync(
        string connectionString, IReadOnlyList<JsonObject> records, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var create = new NpgsqlCommand(CreateTable, connection))
            await create.ExecuteNonQueryAsync(ct);

        // A short untimed pass first, so the timed one measures COPY and not the JIT compiling the writer.
        await CopyAsync(connection, records.Take(500), ct);
        await using (var truncate = new NpgsqlCommand("truncate bench_farm_copy", connection))
            await truncate.ExecuteNonQueryAsync(ct);

        var cpu = await CpuMeter.CreateAsync(dataSource, null, ct);
        var before = cpu?.Sample();
        var stopwatch = Stopwatch.StartNew();
        var rows = await CopyAsync(connection, records, ct);
        stopwatch.Stop();
        return (rows, stopwatch.Elapsed, connection.PostgreSqlVersion.ToString(), cpu?.Sample() - before);
    }

    private static async Task<long> CopyAsync(NpgsqlConnection connection, IEnumerable<JsonObject> records, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(Copy, ct);
        foreach (var record in records)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(Text(record, "yzcbm"), NpgsqlDbType.Text, ct);
            await writer.WriteAsync(Text(record, "yzcmc"), NpgsqlDbType.Text, ct);
            await writer.WriteAsync(Text(record, "ztlx"), NpgsqlDbType.Text, ct);
            await WriteNullableAsync(writer, NullIfEmpty(Text(record, "fzr")), NpgsqlDbType.Text, ct);
            await WriteNullableAsync(writer, NullIfEmpty(Text(record, "lxdh")), NpgsqlDbType.Text, ct);
            await writer.WriteAsync(Text(record, "xzqhdm"), NpgsqlDbType.Text, ct);
            await WriteNullableAsync(writer, NullIfEmpty(Text(record, "dz")), NpgsqlDbType.Text, ct);
            await WriteNullableAsync(writer, Coordinate(record, "jd"), NpgsqlDbType.Numeric, ct);
            await WriteNullableAsync(writer, Coordinate(record, "wd"), NpgsqlDbType.Numeric, ct);
            await writer.WriteAsync(Stock(record), NpgsqlDbType.Jsonb, ct);
            await writer.WriteAsync(Text(record, "zt"), NpgsqlDbType.Text, ct);
            await writer.WriteAsync(UpdatedAt(record), NpgsqlDbType.TimestampTz, ct);
            await writer.WriteAsync(record.ToJsonString(RawJson), NpgsqlDbType.Jsonb, ct);
        }
        return (long)await writer.CompleteAsync(ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct)
        => value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, type, ct);

    private static string Text(JsonObject record, string name) => record[name]?.GetValue<string>() ?? "";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static decimal? Coordinate(JsonObject record, string name)
        => decimal.TryParse(Text(record, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Stock per species as the hub keeps it: {"1": 1200, "2": 35}.</summary>
    private static string Stock(JsonObject record)
    {
        var stock = new JsonObject();
        foreach (var item in record["yzzl"]?.AsArray() ?? [])
        {
            if (item is JsonObject species)
                stock[species["xmdm"]?.GetValue<string>() ?? "?"] = species["clsl"]?.GetValue<int>() ?? 0;
        }
        return stock.ToJsonString();
    }

    private static DateTime UpdatedAt(JsonObject record)
        => FarmDatasetGenerator.TryParseCst(Text(record, "gxsj"), out var time)
            ? time.UtcDateTime
            : throw new FormatException($"record {Text(record, "yzcbm")} has gxsj '{Text(record, "gxsj")}'");
}
