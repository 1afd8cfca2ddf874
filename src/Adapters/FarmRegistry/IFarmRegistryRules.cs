using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Adapters.FarmRegistry;

/// <summary>
/// The hub's rules for what the farm registry sends: pushed batches (a route of <see cref="FarmRegistryEndpoints"/>)
/// and the pages the hub pulls. Implemented by the hub, so a message kind without a rule does not compile.
/// </summary>
public interface IFarmRegistryRules
{
    /// <summary>A pushed batch of 1–500 farm records.</summary>
    IInboundRule FarmPush { get; }
    /// <summary>A page of the incremental pull.</summary>
    IInboundRule FarmPullPage { get; }
}
