using Npgsql;

namespace EarTagTrace.Hub.Persistence;

public static class PersistenceExtensions
{
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Hub");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "Setting ConnectionStrings:Hub (env ConnectionStrings__Hub) is missing: give the hub a PostgreSQL " +
                "connection string, or start it with ./eartag up, which runs a private cluster.");

        var dataSource = Build(connectionString, null);
        services.AddSingleton(dataSource);
        // The inbound pipeline's own pool, no larger than its admission (Limits:InboundConcurrency): its messages always
        // find a connection that has prepared and planned their statements. On the shared pool they rotated through
        // every connection the bare endpoint or the staff API had opened, and each of those planned the ledger's
        // statements afresh (at 64 clients a tenth of PostgreSQL's CPU, pg_stat_statements' plan time).
        // Its write buffer holds a whole store round trip (a certificate's journal body, outbox payload and tag ranges
        // passed Npgsql's 8 KB default, which then flushed it in several socket sends).
        var inbound = Build(connectionString,
            Edge.LimitOptions.InboundSlots(configuration.GetValue<int>($"{Edge.LimitOptions.Section}:{nameof(Edge.LimitOptions.InboundConcurrency)}")),
            writeBufferSize: 64 * 1024);
        services.AddSingleton(new InboundDataSource(inbound));
        services.AddDbContext<HubDbContext>(o => o.UseNpgsql(dataSource, npgsql => npgsql.MigrationsAssembly(typeof(HubDbContext).Assembly.FullName).UseNetTopologySuite()));
        services.AddSingleton<RegionSeeder>();
        services.AddSingleton<RegionDirectory>();
        services.AddTransient<DatabaseInitializer>();
        return services;
    }

    private static NpgsqlDataSource Build(string connectionString, int? maxPoolSize, int? writeBufferSize = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (maxPoolSize is { } max) builder.ConnectionStringBuilder.MaxPoolSize = Math.Max(max, builder.ConnectionStringBuilder.MinPoolSize);
        if (writeBufferSize is { } size) builder.ConnectionStringBuilder.WriteBufferSize = Math.Max(size, builder.ConnectionStringBuilder.WriteBufferSize);
        // PostgreSQL's JIT compiles a plan when its cost estimate is high, and GiST range look-ups are estimated high:
        // a declaration's tag check (20 ms of work) spent 2.4 s compiling. For the same reason the planner gives that
        // check parallel workers: starting them took 7–9 ms where the check alone takes 0.7 ms, and on a shared box the
        // workers take the cores the other messages need. Both off, unless the connection string sets Options itself.
        builder.ConnectionStringBuilder.Options ??= "-c jit=off -c max_parallel_workers_per_gather=0";
        // PostGIS points (origin records) as NetTopologySuite geometries.
        builder.UseNetTopologySuite();
        return builder.Build();
    }
}

/// <summary>The connections of the inbound pipeline's three-step messages, apart from the hub's shared pool.</summary>
public sealed record InboundDataSource(NpgsqlDataSource Source);
