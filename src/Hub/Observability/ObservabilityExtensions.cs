using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EarTagTrace.Hub.Observability;

public static class ObservabilityExtensions
{
    /// <summary>
    /// OpenTelemetry meters (the hub's, ASP.NET Core's, Npgsql's) for the Prometheus scrape at /metrics; JSON console logs
    /// when <c>Logging:Json</c> is true (one object per line, scopes included, for a log shipper).
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubMetrics>();
        builder.Services.AddHostedService<OutboxDepthSampler>();
        builder.Services.Configure<AlertOptions>(builder.Configuration.GetSection(AlertOptions.Section));
        builder.Services.AddSingleton<AlertEvaluator>();
        builder.Services.AddHostedService<AlertService>();
        // A webhook that hangs must not hold the evaluation loop: the next round comes in seconds anyway.
        builder.Services.AddHttpClient(AlertEvaluator.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        // Named, so metrics and traces of several hubs read as one service (OTEL_SERVICE_NAME still overrides it).
        builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("eartag-hub"))
            .WithMetrics(m => m
            .AddMeter(HubMetrics.MeterName, "Npgsql")
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter())
            .WithTracing(t =>
            {
                t.AddSource(HubTracing.InboundSourceName, HubTracing.DeliverySourceName)
                    // Scrapes and probes every few seconds would drown the traces that matter.
                    .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                        !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation();
                // Without a collector nobody reads the spans: keep the per-statement database spans (the costly part)
                // and the exporter for when one is configured; the hub's own activities still carry the trace ids
                // into the outbox and the logs.
                if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
                    t.AddNpgsql().AddOtlpExporter();
            });
        if (builder.Configuration.GetValue<bool>("Logging:Json"))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        return builder;
    }

    /// <summary>GET /metrics in the Prometheus text format, open like /health (counts, no personal data).</summary>
    public static IEndpointRouteBuilder MapObservability(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
