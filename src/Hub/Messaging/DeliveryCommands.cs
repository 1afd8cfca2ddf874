namespace EarTagTrace.Hub.Messaging;

// One command carries a claimed chunk of outbox ids (≤ Outbox:BatchSize, one destination), not one id: a registry push
// of 500 farms used to put 1,000 messages through the bus, whose per-message cost was most of the delivery's CPU.

/// <summary>Deliver outbox items <paramref name="OutboxIds"/> to a national platform (国家云平台 or 国家农产品质量安全追溯管理信息平台).</summary>
public sealed record DeliverToNationalPlatform(long[] OutboxIds, string Destination);

/// <summary>Deliver outbox items <paramref name="OutboxIds"/> to 动监e通.</summary>
public sealed record DeliverToDjet(long[] OutboxIds, string Destination);

/// <summary>Deliver outbox items <paramref name="OutboxIds"/> to the farm registry 畜禽养殖场户基础信息采集系统.</summary>
public sealed record DeliverToFarmRegistry(long[] OutboxIds, string Destination);
