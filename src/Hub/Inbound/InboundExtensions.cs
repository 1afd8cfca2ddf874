using EarTagTrace.Adapters.Common;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Mappings;

namespace EarTagTrace.Hub.Inbound;

public static class InboundExtensions
{
    /// <summary>The pipeline behind every adapter endpoint and pull job; the rules it applies are bound in PartnerRules.</summary>
    public static IServiceCollection AddInbound(this IServiceCollection services)
    {
        services.AddSingleton<SignatureVerifier>();
        services.AddSingleton<IPartnerCredentials, PartnerCredentials>();
        services.AddSingleton<InboundPipeline>();
        services.AddSingleton<IInboundPipeline>(sp => sp.GetRequiredService<InboundPipeline>());
        return services;
    }

    /// <summary>The message's body for a mapping: its text and the document parsed from it once (<see cref="InboundMessage.Json"/>).</summary>
    public static PartnerBody Body(this InboundMessage message) => new(message.RawBody, message.Json?.RootElement);
}
