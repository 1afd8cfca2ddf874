using EarTagTrace.Adapters.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace EarTagTrace.Adapters.FarmRegistry;

public static class FarmRegistryAdapterExtensions
{
    /// <summary>Options (Partners:FarmRegistry, validated on start) and the signed, resilient <see cref="IFarmRegistryApi"/>.</summary>
    public static IServiceCollection AddFarmRegistryAdapter(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FarmRegistryOptions>()
            .BindConfiguration(FarmRegistryOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FarmRegistryOptions>>(
            new PartnerOptionsValidator<FarmRegistryOptions>(Options.DefaultName, FarmRegistryOptions.Section));

        services.AddRefitGeneratedClient<IFarmRegistryApi>(AdapterJson.RefitSettings())
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<FarmRegistryOptions>>().Value.BaseUrl);
                // The resilience pipeline owns the time budget.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddPartnerResilience("farm-registry", sp => sp.GetRequiredService<IOptions<FarmRegistryOptions>>().Value, retryOnBusyCode: false)
            .AddHttpMessageHandler(sp =>
            {
                var o = sp.GetRequiredService<IOptions<FarmRegistryOptions>>().Value;
                return new SigningHandler(o.AppKey, o.Secret, sp.GetRequiredService<TimeProvider>());
            });
        return services;
    }
}
