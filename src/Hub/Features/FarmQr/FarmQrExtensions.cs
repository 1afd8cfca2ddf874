namespace EarTagTrace.Hub.Features.FarmQr;

public static class FarmQrExtensions
{
    public static IServiceCollection AddFarmQr(this IServiceCollection services)
    {
        services.AddOptions<FarmQrOptions>().BindConfiguration(FarmQrOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
