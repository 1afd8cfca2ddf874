using EarTagTrace.Adapters.NationalCloud;
using Microsoft.Extensions.DependencyInjection;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Adapters.NationalAgri;

public static class NationalAgriAdapterExtensions
{
    /// <summary>
    /// Options "NationalAgri" (Partners:NationalAgri, validated on start), its keyed <see cref="NationalTokenProvider"/>
    /// and the resilient, token-carrying <see cref="INationalAgriApi"/>.
    /// </summary>
    public static IServiceCollection AddNationalAgriAdapter(this IServiceCollection services) =>
        services.AddNationalPlatform<INationalAgriApi>(
            NationalPlatformOptions.NationalAgri, NationalPlatformOptions.NationalAgriSection, "http://127.0.0.1:5084");
}
