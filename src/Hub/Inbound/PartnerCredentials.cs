using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Hub.Inbound;

/// <summary>
/// Inbound appKeys and their secrets, from configuration only (Partners:&lt;Partner&gt;:AppKey/Secret, which production
/// sets from its secret store): the database never holds a partner secret in plain text.
/// </summary>
public sealed class PartnerCredentials(IOptionsMonitor<FarmRegistryOptions> registry, IOptionsMonitor<DjetOptions> djet)
    : IPartnerCredentials
{
    public ValueTask<string?> SecretForAsync(string partner, string appKey, CancellationToken ct)
    {
        var (key, secret) = partner switch
        {
            PartnerNames.FarmRegistry => (registry.CurrentValue.AppKey, registry.CurrentValue.Secret),
            PartnerNames.Djet => (djet.CurrentValue.AppKey, djet.CurrentValue.Secret),
            _ => (null, null),
        };
        return ValueTask.FromResult(key is not null && string.Equals(key, appKey, StringComparison.Ordinal) ? secret : null);
    }
}
