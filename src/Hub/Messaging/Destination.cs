namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// 投递目标 where a change goes: a partner, the kind of message it receives there, and the sender that delivers it. Its
/// <see cref="Name"/> is what outbox rows store and the APIs show; the relay and the delivery processor find the
/// destination of a row by that name (an exact look-up in <see cref="DestinationDirectory"/>), and from it the bus
/// command and the sender, by type.
/// </summary>
public abstract class Destination
{
    protected Destination(string partner, string name)
    {
        Partner = partner;
        Name = name;
    }

    /// <summary>The partner it belongs to (a <c>PartnerNames</c> value).</summary>
    public string Partner { get; }

    /// <summary>e.g. national-cloud/farms, djet/yzc-sync: stored in outbox.destination.</summary>
    public string Name { get; }

    /// <summary>The bus command that hands outbox rows <paramref name="outboxIds"/> (all of this destination) to its consumer.</summary>
    public abstract object Command(long[] outboxIds);

    /// <summary>This destination's sender, from the delivery's service scope.</summary>
    public abstract IDeliverySender Sender(IServiceProvider services);

    public override string ToString() => Name;
}

/// <summary>A destination delivered by <typeparamref name="TSender"/>.</summary>
public abstract class Destination<TSender>(string partner, string name) : Destination(partner, name)
    where TSender : class, IDeliverySender
{
    public sealed override IDeliverySender Sender(IServiceProvider services) => services.GetRequiredService<TSender>();
}

/// <summary>A destination on a national platform (国家云平台, 国家农产品质量安全追溯管理信息平台): its batches go through <see cref="DeliverToNationalPlatformsConsumer"/>.</summary>
public abstract class NationalDestination<TSender>(string partner, string name) : Destination<TSender>(partner, name)
    where TSender : class, IDeliverySender
{
    public sealed override object Command(long[] outboxIds) => new DeliverToNationalPlatform(outboxIds, Name);
}

/// <summary>A destination on 动监e通: its batches go through <see cref="DeliverToDjetConsumer"/>.</summary>
public abstract class DjetDestination<TSender>(string name) : Destination<TSender>(Adapters.Inbound.PartnerNames.Djet, name)
    where TSender : class, IDeliverySender
{
    public sealed override object Command(long[] outboxIds) => new DeliverToDjet(outboxIds, Name);
}

/// <summary>Every destination the hub knows, by name.</summary>
public sealed class DestinationDirectory
{
    private readonly Dictionary<string, Destination> _byName;

    public DestinationDirectory(IEnumerable<Destination> destinations) =>
        _byName = destinations.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The destination an outbox row names, or null for a name no destination has (such a row fails: nobody can send it).</summary>
    public Destination? Find(string name) => _byName.GetValueOrDefault(name);

    public IReadOnlyCollection<Destination> All => _byName.Values;
}

public static class DestinationRegistration
{
    /// <summary>Registers <typeparamref name="TDestination"/> and its sender (scoped, like the Refit clients it uses).</summary>
    public static IServiceCollection AddDestination<TDestination, TSender>(this IServiceCollection services)
        where TDestination : Destination<TSender>, new()
        where TSender : class, IDeliverySender
    {
        services.AddSingleton<Destination>(new TDestination());
        services.AddScoped<TSender>();
        return services;
    }
}
