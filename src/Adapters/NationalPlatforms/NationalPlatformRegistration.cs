using EarTagTrace.Adapters.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace EarTagTrace.Adapters.NationalPlatforms;

/// <summary>What both national platforms register, keyed by their options name.</summary>
internal static class NationalPlatformRegistration
{
    public static IServiceCollection AddNationalPlatform<TApi>(
        this IServiceCollection services, string name, string section, string defaultBaseUrl)
        where TApi : class
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NationalPlatformOptions>(name)
            .Configure(o => o.BaseUrl = defaultBaseUrl)
            .BindConfiguration(section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NationalPlatformOptions>>(
            new PartnerOptionsValidator<NationalPlatformOptions>(name, section));

        services.AddHttpClient(NationalTokenProvider.TokenClientName(name), (sp, client) =>
            client.Timeout = TimeSpan.FromSeconds(Options(sp, name).TimeoutSeconds));
        services.AddKeyedSingleton(name, (sp, _) => new NationalTokenProvider(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptionsMonitor<NationalPlatformOptions>>(),
            name,
            sp.GetRequiredService<TimeProvider>()));

        services.AddRefitGeneratedClient<TApi>(AdapterJson.RefitSettings())
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = new Uri(Options(sp, name).BaseUrl);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddPartnerResilience(name, sp => Options(sp, name), retryOnBusyCode: true)
            .AddHttpMessageHandler(sp => new NationalAuthHandler(sp.GetRequiredKeyedService<NationalTokenProvider>(name)));
        return services;
    }

    private static NationalPlatformOptions Options(IServiceProvider sp, string name) =>
        sp.GetRequiredService<IOptionsMonitor<NationalPlatformOptions>>().Get(name);
}
