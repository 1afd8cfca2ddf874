using MassTransit;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Batches of up to 500 items for both national platforms, the national cloud platform 国家云平台 and the national
/// agri-product platform 国家农产品质量安全追溯管理信息平台: they share one token scheme and answer envelope, so one
/// consumer drains them; the delivery processor sends each row through its destination's own sender.
/// </summary>
public sealed class DeliverToNationalPlatformsConsumer(DeliveryProcessor processor) : IConsumer<Batch<DeliverToNationalPlatform>>
{
    public Task Consume(ConsumeContext<Batch<DeliverToNationalPlatform>> context) =>
        processor.ProcessAsync(context.Message.SelectMany(m => m.Message.OutboxIds ?? []).ToList(), context.CancellationToken);
}
