using EarTagTrace.Hub.Messaging;

namespace EarTagTrace.Hub.Features.Rollout;

public static class RolloutExtensions
{
    public static IServiceCollection AddRollout(this IServiceCollection services)
    {
        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RolloutOptions>, RolloutOptionsValidator>();
        services.AddDestination<DjetCountyFeatureDestination, DjetCountyFeatureSender>();
        return services;
    }
}
