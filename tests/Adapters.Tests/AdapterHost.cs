namespace EarTagTrace.Adapters.Tests;

/// <summary>A service provider wired the way the hub wires it: configuration in, adapter extensions, nothing else.</summary>
public static class AdapterHost
{
    public static ServiceProvider Build(
        Action<IServiceCollection> register, IDictionary<string, string?> settings, TimeProvider? timeProvider = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Settings that keep retries and breaker short so a test runs in about a second.</summary>
    public static Dictionary<string, string?> FastSettings(string section, string baseUrl, int retryCount = 3) => new()
    {
        [$"{section}:BaseUrl"] = baseUrl,
        [$"{section}:TimeoutSeconds"] = "5",
        [$"{section}:TotalTimeoutSeconds"] = "20",
        [$"{section}:RetryCount"] = retryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{section}:RetryBaseDelayMs"] = "10",
        [$"{section}:BreakerMinimumThroughput"] = "100",
    };

    public static string? Header(WireMock.IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
