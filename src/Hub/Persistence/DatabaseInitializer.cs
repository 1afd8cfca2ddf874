namespace EarTagTrace.Hub.Persistence;

/// <summary>Applies migrations and seeds what every hub needs: the region table, the token signing key, sandbox accounts.</summary>
public sealed class DatabaseInitializer(
    HubDbContext db,
    RegionSeeder regions,
    Access.StaffAccountSeeder accounts,
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

        await accounts.InitializeAsync(ct);
    }
}
