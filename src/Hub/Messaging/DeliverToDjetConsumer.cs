using MassTransit;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Batches of up to 500 items for 动监e通.</summary>
public sealed class DeliverToDjetConsumer(DeliveryProcessor processor) : IConsumer<Batch<DeliverToDjet>>
{
    public Task Consume(ConsumeContext<Batch<DeliverToDjet>> context) =>
        processor.ProcessAsync(context.Message.SelectMany(m => m.Message.OutboxIds ?? []).ToList(), context.CancellationToken);
}
