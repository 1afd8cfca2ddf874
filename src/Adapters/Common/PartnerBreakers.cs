using System.Collections.Concurrent;
using Polly.CircuitBreaker;

namespace EarTagTrace.Adapters.Common;

/// <summary>
/// The circuit breaker state of every partner pipeline, by pipeline name. Polly keeps the state inside the pipeline;
/// a <see cref="CircuitBreakerStateProvider"/> handed to the breaker's options is the only way to read it from outside,
/// so the hub's readiness check can say "the national platform is down, deliveries wait" instead of guessing.
/// </summary>
public sealed class PartnerBreakers
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> _providers = new();

    /// <summary>
    /// A fresh provider for <paramref name="pipelineName"/>; a pipeline rebuilt after an options reload replaces the
    /// old one, whose breaker no longer serves calls.
    /// </summary>
    public CircuitBreakerStateProvider Track(string pipelineName)
    {
        var provider = new CircuitBreakerStateProvider();
        _providers[pipelineName] = provider;
        return provider;
    }

    /// <summary>Pipelines built so far and their breaker state (a pipeline is built on its client's first call).</summary>
    public IReadOnlyDictionary<string, CircuitState> States() =>
        _providers.ToDictionary(p => p.Key, p => p.Value.CircuitState);
}
