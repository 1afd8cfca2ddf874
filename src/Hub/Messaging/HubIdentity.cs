namespace EarTagTrace.Hub.Messaging;

/// <summary>This process's instance id, fixed at start.</summary>
public sealed class HubIdentity(string id)
{
    public string Id { get; } = id;

    public static HubIdentity From(IConfiguration configuration)
    {
        var configured = configuration[$"{HubInstanceOptions.Section}:{nameof(HubInstanceOptions.InstanceId)}"];
        if (!string.IsNullOrWhiteSpace(configured)) return new HubIdentity(configured.Trim());
        // Port rather than a random id: a hub restarted on the same machine and port is the same instance and takes
        // its earlier claims back at once instead of waiting for the others to declare it dead.
        var urls = configuration["urls"];
        var port = "5080";
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is not null && Uri.TryCreate(first.Replace("*", "localhost").Replace("+", "localhost"), UriKind.Absolute, out var uri))
            port = uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new HubIdentity($"{Environment.MachineName}:{port}");
    }
}
