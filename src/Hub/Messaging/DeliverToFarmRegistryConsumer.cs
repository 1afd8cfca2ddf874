using MassTransit;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Batches of up to 500 items for the farm registry.</summary>
public sealed class DeliverToFarmRegistryConsumer(DeliveryProcessor processor) : IConsumer<Batch<DeliverToFarmRegistry>>
{
    public Task Consume(ConsumeContext<Batch<DeliverToFarmRegistry>> context) =>
        processor.ProcessAsync(context.Message.SelectMany(m => m.Message.OutboxIds ?? []).ToList(), context.CancellationToken);
}
