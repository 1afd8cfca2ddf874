namespace EarTagTrace.Hub.Tests.Faults;

/// <summary>
/// Fault tests whose assertions depend on the hub keeping up with a fast simulated clock (the national platform's
/// backlog drained in outbox id order while the clock runs 60×). They run alone, after the parallel collections: with
/// a dozen other hubs and browsers competing for two cores, a retry can come due a beat late and the order is lost to
/// the machine, not to the hub (seen on the base commit as well as on this one).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "timing-sensitive fault tests";
}
