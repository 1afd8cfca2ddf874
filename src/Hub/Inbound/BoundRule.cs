using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Hub.Inbound;

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
