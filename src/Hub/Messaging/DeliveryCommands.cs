namespace EarTagTrace.Hub.Messaging;

/// <summary>Deliver outbox item <paramref name="OutboxId"/> to the national cloud platform 国家云平台.</summary>
public sealed record DeliverToNationalCloud(long OutboxId, string Destination);

/// <summary>Deliver outbox item <paramref name="OutboxId"/> to 动监e通.</summary>
public sealed record DeliverToDjet(long OutboxId, string Destination);
