using EarTagTrace.Adapters.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace EarTagTrace.Adapters.Djet;

public static class DjetAdapterExtensions
{
    /// <summary>Options (Partners:Djet, validated on start) and the signed, resilient <see cref="IDjetApi"/>.</summary>
    public static IServiceCollection AddDjetAdapter(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DjetOptions>()
            .BindConfiguration(DjetOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DjetOptions>>(
            new PartnerOptionsValidator<DjetOptions>(Options.DefaultName, DjetOptions.Section));

        services.AddRefitGeneratedClient<IDjetApi>(AdapterJson.RefitSettings())
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<DjetOptions>>().Value.BaseUrl);
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddPartnerResilience("djet", sp => sp.GetRequiredService<IOptions<DjetOptions>>().Value, retryOnBusyCode: false)
            .AddHttpMessageHandler(sp =>
            {
                var o = sp.GetRequiredService<IOptions<DjetOptions>>().Value;
                return new SigningHandler(o.AppKey, o.Secret, sp.GetRequiredService<TimeProvider>());
            });
        return services;
    }
}
