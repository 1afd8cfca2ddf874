using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Features.Declarations;
using EarTagTrace.Hub.Features.Farms;
using EarTagTrace.Hub.Features.Journal;
using EarTagTrace.Hub.Features.Tags;
using EarTagTrace.Hub.Features.TagStockSheet;
using EarTagTrace.Hub.Inbound;

namespace EarTagTrace.Hub;

/// <summary>动监e通's routes bound to the hub's rules: each property is the rule behind one route of DjetEndpoints.</summary>
public sealed class DjetRules(
    InboundPipeline pipeline,
    ApplyDjetTagStock tagStock,
    ApplyDjetTagIssuance tagIssuance,
    ApplyDjetTagCancellation tagCancellation,
    ApplyDjetDeclaration declaration,
    ApplyDjetCertificate certificate,
    ApplyDjetStockChange stockChange,
    ApplyDjetFarmCorrection farmCorrection) : IDjetRules
{
    public IInboundRule TagStock { get; } = new BoundRule(pipeline, tagStock);
    public IInboundRule TagIssuance { get; } = new BoundRule(pipeline, tagIssuance);
    public IInboundRule TagCancellation { get; } = new BoundRule(pipeline, tagCancellation);
    public IInboundRule Declaration { get; } = new BoundRule(pipeline, declaration);
    public IInboundRule Certificate { get; } = new BoundRule(pipeline, certificate);
    public IInboundRule StockChange { get; } = new BoundRule(pipeline, stockChange);
    public IInboundRule FarmCorrection { get; } = new BoundRule(pipeline, farmCorrection);
}

/// <summary>The farm registry's pushes and pulled pages bound to the hub's rules.</summary>
public sealed class FarmRegistryRules(InboundPipeline pipeline, ApplyPushedRegistryFarms push, ApplyPulledRegistryPage pullPage) : IFarmRegistryRules
{
    public IInboundRule FarmPush { get; } = new BoundRule(pipeline, push);
    public IInboundRule FarmPullPage { get; } = new BoundRule(pipeline, pullPage);
}

/// <summary>
/// The composition root of the inbound side: every handler once, as itself, bound to the pipeline as a member of its
/// partner's rule set (for the route that binds it), and as an IMessageHandler (for replays, which find a handler by the
/// journaled source and type).
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
        Rule<ApplyDjetFarmCorrection>(services);
        Rule<ApplyTagStockSheet>(services);
        services.AddSingleton<IDjetRules, DjetRules>();
        services.AddSingleton<IFarmRegistryRules, FarmRegistryRules>();
        services.AddSingleton<IJournalKeyReader, JournalKeyReader>();
        return services;
    }

    private static void Rule<T>(IServiceCollection services) where T : class, IMessageHandler
    {
        services.AddSingleton<T>();
        services.AddSingleton<IMessageHandler>(sp => sp.GetRequiredService<T>());
    }
}

/// <summary>
/// A route's rule: the hub's handler for the route's message, bound to the pipeline that applies it. Adapters hold it
/// as an <see cref="IInboundRule"/>; "go to implementation" leads from the route through here to the typed handler.
/// </summary>
public sealed class BoundRule(InboundPipeline pipeline, IMessageHandler handler) : IInboundRule
{
    public string Source => handler.Source;
    public string Type => handler.Type;

    public Task<InboundOutcome> ApplyAsync(InboundMessage message, CancellationToken ct) => pipeline.HandleAsync(message, handler, ct);
}
