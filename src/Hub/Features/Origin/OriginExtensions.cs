using EarTagTrace.Hub.Imports;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

public static class OriginExtensions
{
    /// <summary>Origin traceability: options "Origin", the row checker, the pipeline's origin handlers, background imports, the national agri and Fujian monitoring senders, the overdue job.</summary>
    public static IServiceCollection AddOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OriginOptions>().BindConfiguration(OriginOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<OriginRowChecker>();
        // The 采集表 and single records go through the inbound pipeline: each handler once, and as an IMessageHandler for replays.
        services.AddSingleton<ApplyOriginSheet>();
        services.AddSingleton<IMessageHandler>(sp => sp.GetRequiredService<ApplyOriginSheet>());
        services.AddSingleton<ApplyOriginRecord>();
        services.AddSingleton<IMessageHandler>(sp => sp.GetRequiredService<ApplyOriginRecord>());
        services.AddSingleton<ApplyOriginRapidTest>();
        services.AddSingleton<IMessageHandler>(sp => sp.GetRequiredService<ApplyOriginRapidTest>());
        services.AddSingleton<ApplyOriginLocation>();
        services.AddSingleton<IMessageHandler>(sp => sp.GetRequiredService<ApplyOriginLocation>());
        services.AddScoped<OverdueReport>();
        services.AddScoped<OnlineChecks>();
        // Background imports serve the stock sheet 库存耳标登记表 too.
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SheetImports>();
        services.AddDestination<NationalAgriOriginRecordsDestination, NationalAgriOriginRecordSender>();
        services.AddDestination<FujianRapidTestsDestination, FujianRapidTestSender>();
        services.AddHostedService<PostgisTypes>();
        services.AddOverdueJob(configuration);
        return services;
    }

    /// <summary>
    /// The migration may have just created the postgis extension on a data source that loaded its types before: reload
    /// them, or the first geography parameter fails with "unknown type".
    /// </summary>
    private sealed class PostgisTypes(NpgsqlDataSource data) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => data.ReloadTypesAsync(ct);
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
