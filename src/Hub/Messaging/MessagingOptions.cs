using System.ComponentModel.DataAnnotations;

namespace EarTagTrace.Hub.Messaging;

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>InMemory (one hub) or RabbitMq (several hubs share the work).</summary>
    [RegularExpression("^(InMemory|RabbitMq)$", ErrorMessage = "Messaging:Transport must be InMemory or RabbitMq")]
    public string Transport { get; set; } = "InMemory";
    public string RabbitMqHost { get; set; } = "localhost";
    /// <summary>AMQP port; ./eartag's private node listens on 55672, not on a system broker's 5672.</summary>
    [Range(1, 65535)] public int RabbitMqPort { get; set; } = 5672;
    public string RabbitMqVirtualHost { get; set; } = "/";
    public string RabbitMqUsername { get; set; } = "guest";
    public string RabbitMqPassword { get; set; } = "guest";
}
