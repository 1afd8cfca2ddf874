using MassTransit;

namespace EarTagTrace.Hub.Messaging;

public static class MessagingExtensions
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HubInstanceOptions>().BindConfiguration(HubInstanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(HubIdentity.From(configuration));
        services.AddSingleton<OutboxSignal>();
        services.AddScoped<DeliveryProcessor>();
        services.AddSingleton<DestinationDirectory>();
        services.AddDestination<NationalCloudFarmsDestination, NationalCloudFarmSender>();
        services.AddDestination<DjetFarmSyncDestination, DjetFarmSender>();
        services.AddDestination<NationalCloudTagStockDestination, NationalCloudTagStockSender>();
        services.AddDestination<DjetTagStockDestination, DjetTagStockSender>();
        services.AddDestination<FarmRegistryCorrectionsDestination, FarmRegistryCorrectionSender>();
        services.AddDestination<NationalCloudIssuancesDestination, NationalCloudIssuanceSender>();
        services.AddDestination<NationalCloudCancellationsDestination, NationalCloudCancellationSender>();
        services.AddDestination<NationalCloudCertificatesDestination, NationalCloudCertificateSender>();
        // Heartbeat before relay: a restarted instance hands its old claims back before it claims anything new; and it
        // stops after the bus (hosted services stop in reverse), so signing off comes when nothing is consumed any more.
        // The instance id's lock before anything that acts under the id: a second live process with it stops here.
        services.AddHostedService<InstanceIdGuard>();
        services.AddHostedService<InstanceHeartbeat>();
        services.AddHostedService<OutboxRelay>();

        var outbox = configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new OutboxOptions();
        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        services.AddMassTransit(x =>
        {
            x.AddConsumer<DeliverToNationalPlatformsConsumer>(c =>
            {
                c.Options<BatchOptions>(b => b
                    .SetMessageLimit(outbox.BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(outbox.BatchWaitMilliseconds)).SetConcurrencyLimit(1));
                RetryWhileDatabaseDown(c);
            });
            x.AddConsumer<DeliverToDjetConsumer>(c =>
            {
                c.Options<BatchOptions>(b => b
                    .SetMessageLimit(outbox.BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(outbox.BatchWaitMilliseconds)).SetConcurrencyLimit(1));
                RetryWhileDatabaseDown(c);
            });
            x.AddConsumer<DeliverToFarmRegistryConsumer>(c =>
            {
                c.Options<BatchOptions>(b => b
                    .SetMessageLimit(outbox.BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(outbox.BatchWaitMilliseconds)).SetConcurrencyLimit(1));
                RetryWhileDatabaseDown(c);
            });

            if (messaging.Transport == "RabbitMq")
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(messaging.RabbitMqHost, (ushort)messaging.RabbitMqPort, messaging.RabbitMqVirtualHost, h =>
                    {
                        h.Username(messaging.RabbitMqUsername);
                        h.Password(messaging.RabbitMqPassword);
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return services;
    }

    /// <summary>
    /// A batch whose processing found PostgreSQL down is tried again, for about ten minutes: given up, its bus message
    /// would be gone while its rows stay Queued under a live instance until the lease ends. Partner faults never get
    /// here (DeliveryProcessor turns them into Retrying rows).
    /// </summary>
    private static void RetryWhileDatabaseDown<T>(IConsumerConfigurator<T> consumer) where T : class, IConsumer
        => consumer.UseMessageRetry(r => r
            .Exponential(25, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1))
            .Handle<Exception>(Health.DatabaseUnavailable.Is));
}
