using EarTagTrace.Adapters.Common;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Features.Declarations;
using EarTagTrace.Hub.Features.Farms;
using EarTagTrace.Hub.Features.Tags;
using EarTagTrace.Hub.Features.TagStockSheet;

namespace EarTagTrace.Hub.Inbound;

public static class InboundExtensions
{
    /// <summary>The pipeline behind every adapter endpoint and pull job, and the handlers per message type.</summary>
    public static IServiceCollection AddInbound(this IServiceCollection services)
    {
        services.AddSingleton<SignatureVerifier>();
        services.AddSingleton<IPartnerCredentials, PartnerCredentials>();
        services.AddSingleton<IInboundPipeline, InboundPipeline>();
        services.AddSingleton<IMessageHandler, ApplyPushedRegistryFarms>();
        services.AddSingleton<IMessageHandler, ApplyPulledRegistryPage>();
        services.AddSingleton<IMessageHandler, ApplyDjetTagStock>();
        services.AddSingleton<IMessageHandler, ApplyDjetTagIssuance>();
        services.AddSingleton<IMessageHandler, ApplyDjetTagCancellation>();
        services.AddSingleton<IMessageHandler, ApplyTagStockSheet>();
        services.AddSingleton<IMessageHandler, ApplyDjetDeclaration>();
        services.AddSingleton<IMessageHandler, ApplyDjetCertificate>();
        services.AddSingleton<IMessageHandler, ApplyDjetStockChange>();
        return services;
    }
}
