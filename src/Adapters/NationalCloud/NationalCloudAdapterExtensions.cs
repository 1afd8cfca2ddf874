using Microsoft.Extensions.DependencyInjection;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Adapters.NationalCloud;

public static class NationalCloudAdapterExtensions
{
    /// <summary>
    /// Options "NationalCloud" (Partners:NationalCloud, validated on start), its keyed <see cref="NationalTokenProvider"/>
    /// and the resilient, token-carrying <see cref="INationalCloudApi"/>.
    /// </summary>
    public static IServiceCollection AddNationalCloudAdapter(this IServiceCollection services) =>
        services.AddNationalPlatform<INationalCloudApi>(
            NationalPlatformOptions.NationalCloud, NationalPlatformOptions.NationalCloudSection, "http://127.0.0.1:5083");
}
