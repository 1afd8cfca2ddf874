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

        var dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
        services.AddSingleton(dataSource);
        services.AddDbContext<HubDbContext>(o => o.UseNpgsql(dataSource, npgsql => npgsql.MigrationsAssembly(typeof(HubDbContext).Assembly.FullName)));
        services.AddSingleton<RegionSeeder>();
        services.AddSingleton<RegionDirectory>();
        services.AddTransient<DatabaseInitializer>();
        return services;
    }
}
