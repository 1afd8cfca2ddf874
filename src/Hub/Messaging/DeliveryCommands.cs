namespace EarTagTrace.Hub.Messaging;

/// <summary>Deliver outbox item <paramref name="OutboxId"/> to a national platform (国家云平台 or 国家农产品质量安全追溯管理信息平台).</summary>
public sealed record DeliverToNationalPlatform(long OutboxId, string Destination);

/// <summary>Deliver outbox item <paramref name="OutboxId"/> to 动监e通.</summary>
public sealed record DeliverToDjet(long OutboxId, string Destination);

/// <summary>Deliver outbox item <paramref name="OutboxId"/> to the farm registry 畜禽养殖场户基础信息采集系统.</summary>
public sealed record DeliverToFarmRegistry(long OutboxId, string Destination);
