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
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        if (MadeByAnOlderMigrationSet(applied, db.Database.GetMigrations()) is { } last)
            throw new InvalidOperationException(
                $"The database was made by an older migration set (its last migration {last} is unknown to this hub): the " +
                "migrations were squashed into one baseline, and such a database must be re-created. Drop it (for the " +
                "private cluster of ./eartag up: stop the hub and delete .data/pg) and start again; README, Database.");
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

    /// <summary>
    /// The last applied migration when none of the applied ones is known to this hub (a database from before the
    /// baseline), else null. A database with no migrations at all is new, and one that shares any id is this set's.
    /// </summary>
    public static string? MadeByAnOlderMigrationSet(IReadOnlyList<string> applied, IEnumerable<string> known) =>
        applied.Count > 0 && !applied.Intersect(known, StringComparer.Ordinal).Any() ? applied[^1] : null;
}
