using MassTransit;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Batches of up to 500 items for the national cloud platform 国家云平台.</summary>
public sealed class DeliverToNationalCloudConsumer(DeliveryProcessor processor) : IConsumer<Batch<DeliverToNationalCloud>>
{
    public Task Consume(ConsumeContext<Batch<DeliverToNationalCloud>> context) =>
        processor.ProcessAsync(context.Message.Select(m => m.Message.OutboxId).ToList(), context.CancellationToken);
}
