using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Adapters.FarmRegistry;

namespace EarTagTrace.Hub.Persistence;

/// <summary>Applies migrations and seeds what every hub needs: the region table and the configured partner credentials.</summary>
public sealed class DatabaseInitializer(
    HubDbContext db,
    RegionSeeder regions,
    IOptions<FarmRegistryOptions> registry,
    IOptions<DjetOptions> djet,
    ILogger<DatabaseInitializer> log)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            log.LogInformation("Applying {Count} migration(s): {Names}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(ct);
        }

        var loaded = await regions.EnsureLoadedAsync(db, ct);
        if (loaded > 0) log.LogInformation("Loaded {Count} region codes (version {Version})", loaded, RegionSeeder.Version);

        await UpsertCredentialAsync(PartnerNames.FarmRegistry, registry.Value.AppKey, registry.Value.Secret, ct);
        await UpsertCredentialAsync(PartnerNames.Djet, djet.Value.AppKey, djet.Value.Secret, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task UpsertCredentialAsync(string partner, string appKey, string secret, CancellationToken ct)
    {
        var existing = await db.PartnerCredentials.FindAsync([partner, appKey], ct);
        if (existing is null)
            db.PartnerCredentials.Add(new PartnerCredential { Partner = partner, AppKey = appKey, Secret = secret });
        else
            existing.Secret = secret;
    }
}
