using System.ComponentModel.DataAnnotations;

namespace EarTagTrace.Hub.Messaging;

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>InMemory (one hub) or RabbitMq (several hubs share the work).</summary>
    [RegularExpression("^(InMemory|RabbitMq)$", ErrorMessage = "Messaging:Transport must be InMemory or RabbitMq")]
    public string Transport { get; set; } = "InMemory";
    public string RabbitMqHost { get; set; } = "localhost";
    public string RabbitMqVirtualHost { get; set; } = "/";
    public string RabbitMqUsername { get; set; } = "guest";
    public string RabbitMqPassword { get; set; } = "guest";
}
