using System.Collections.Concurrent;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Inbound;

/// <summary>Inbound appKeys from the partner_credential table, cached briefly so a push does not cost a query.</summary>
public sealed class PartnerCredentials(IServiceScopeFactory scopes, TimeProvider time) : IPartnerCredentials
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<(string, string), (string? Secret, DateTimeOffset Until)> _cache = new();

    public async ValueTask<string?> SecretForAsync(string partner, string appKey, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((partner, appKey), out var hit) && hit.Until > now) return hit.Secret;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var secret = await db.PartnerCredentials.AsNoTracking()
            .Where(c => c.Partner == partner && c.AppKey == appKey && c.Enabled)
            .Select(c => c.Secret).FirstOrDefaultAsync(ct);
        _cache[(partner, appKey)] = (secret, now + CacheFor);
        return secret;
    }
}
