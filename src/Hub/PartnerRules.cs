using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Features.Declarations;
using EarTagTrace.Hub.Features.Farms;
using EarTagTrace.Hub.Features.Tags;
using EarTagTrace.Hub.Features.TagStockSheet;
using EarTagTrace.Hub.Inbound;

namespace EarTagTrace.Hub;

/// <summary>动监e通's routes bound to the hub's rules: each property is the rule behind one route of DjetEndpoints.</summary>
public sealed class DjetRules(
    ApplyDjetTagStock tagStock,
    ApplyDjetTagIssuance tagIssuance,
    ApplyDjetTagCancellation tagCancellation,
    ApplyDjetDeclaration declaration,
    ApplyDjetCertificate certificate,
    ApplyDjetStockChange stockChange) : IDjetRules
{
    public IInboundRule TagStock => tagStock;
    public IInboundRule TagIssuance => tagIssuance;
    public IInboundRule TagCancellation => tagCancellation;
    public IInboundRule Declaration => declaration;
    public IInboundRule Certificate => certificate;
    public IInboundRule StockChange => stockChange;
}

/// <summary>The farm registry's pushes and pulled pages bound to the hub's rules.</summary>
public sealed class FarmRegistryRules(ApplyPushedRegistryFarms push, ApplyPulledRegistryPage pullPage) : IFarmRegistryRules
{
    public IInboundRule FarmPush => push;
    public IInboundRule FarmPullPage => pullPage;
}

/// <summary>
/// The composition root of the inbound side: every rule once, as itself (for the route that binds it), as a member of its
/// partner's rule set, and as an IMessageHandler (for replays, which find a rule by the journaled source and type).
/// </summary>
public static class PartnerRulesExtensions
{
    public static IServiceCollection AddPartnerRules(this IServiceCollection services)
    {
        Rule<ApplyPushedRegistryFarms>(services);
        Rule<ApplyPulledRegistryPage>(services);
        Rule<ApplyDjetTagStock>(services);
        Rule<ApplyDjetTagIssuance>(services);
        Rule<ApplyDjetTagCancellation>(services);
        Rule<ApplyDjetDeclaration>(services);
        Rule<ApplyDjetCertificate>(services);
        Rule<ApplyDjetStockChange>(services);
        Rule<ApplyTagStockSheet>(services);
        services.AddSingleton<IDjetRules, DjetRules>();
        services.AddSingleton<IFarmRegistryRules, FarmRegistryRules>();
        return services;
    }

    private static void Rule<T>(IServiceCollection services) where T : class, IMessageHandler
    {
        services.AddSingleton<T>();
        services.AddSingleton<IMessageHandler>(sp => sp.GetRequiredService<T>());
    }
}
