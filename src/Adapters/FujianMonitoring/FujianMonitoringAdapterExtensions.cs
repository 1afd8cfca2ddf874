using EarTagTrace.Adapters.NationalPlatforms;
using Microsoft.Extensions.DependencyInjection;

namespace EarTagTrace.Adapters.FujianMonitoring;

public static class FujianMonitoringAdapterExtensions
{
    /// <summary>
    /// Options "FujianMonitoring" (Partners:FujianMonitoring, validated on start), its keyed token provider and the
    /// resilient <see cref="IFujianMonitoringApi"/>: the same registration as the national platforms, whose scheme it is
    /// assumed to share.
    /// </summary>
    public static IServiceCollection AddFujianMonitoringAdapter(this IServiceCollection services) =>
        services.AddNationalPlatform<IFujianMonitoringApi>(
            NationalPlatformOptions.FujianMonitoring, NationalPlatformOptions.FujianMonitoringSection, "http://127.0.0.1:5086");
}
