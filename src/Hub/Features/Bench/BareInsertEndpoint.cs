using Npgsql;

namespace EarTagTrace.Hub.Features.Bench;

/// <summary>
/// The floor benchmarks compare the hub with: <c>POST /bench/bare-insert</c> reads the raw body and inserts it into
/// <c>bench_raw</c> with the hub's own data source, and does nothing else (no signature, schema, rules, journal or
/// outbox). Mapped only when <c>Bench:BareEndpoint</c> is true (env <c>Bench__BareEndpoint=true</c>, which
/// <c>./eartag bench</c> sets); a normal hub has no such endpoint. The table is created on first use, not by a migration.
/// </summary>
public static class BareInsertEndpoint
{
    public const string Path = "/bench/bare-insert";

    private const string CreateTable =
        "create table if not exists bench_raw (id bigserial primary key, body text not null, received_at timestamptz not null default now())";

    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static volatile bool _created;

    public static IEndpointRouteBuilder MapBenchBareInsert(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!configuration.GetValue("Bench:BareEndpoint", false)) return app;
        app.MapPost(Path, HandleAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        await EnsureTableAsync(dataSource, ct);
        await using var cmd = dataSource.CreateCommand("insert into bench_raw (body, received_at) values (@b, now()) returning id");
        cmd.Parameters.Add(new NpgsqlParameter<string>("b", body));
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return Results.Json(new { code = 0, id });
    }

    private static async Task EnsureTableAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (_created) return;
        await Creating.WaitAsync(ct);
        try
        {
            if (_created) return;
            await using var cmd = dataSource.CreateCommand(CreateTable);
            await cmd.ExecuteNonQueryAsync(ct);
            _created = true;
        }
        finally { Creating.Release(); }
    }
}
