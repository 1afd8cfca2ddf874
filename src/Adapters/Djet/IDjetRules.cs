using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Adapters.Djet;

/// <summary>
/// The hub's rule for each 动监e通 push, one per route of <see cref="DjetEndpoints"/>. The hub implements it, so a route
/// added here without a rule in the hub does not compile, and "go to implementation" leads from a route to its rule.
/// </summary>
public interface IDjetRules
{
    /// <summary>库存耳标登记 county ear-tag stock registration.</summary>
    IInboundRule TagStock { get; }
    /// <summary>一次/二次发放 first or second issuance.</summary>
    IInboundRule TagIssuance { get; }
    /// <summary>注销 cancellation.</summary>
    IInboundRule TagCancellation { get; }
    /// <summary>检疫申报 quarantine declaration.</summary>
    IInboundRule Declaration { get; }
    /// <summary>产地检疫合格证明 origin quarantine certificate.</summary>
    IInboundRule Certificate { get; }
    /// <summary>存栏变动 herd stock change.</summary>
    IInboundRule StockChange { get; }
    /// <summary>现场纠正 farm fields a vet corrected on site (信息共享).</summary>
    IInboundRule FarmCorrection { get; }
}
