using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Ledger;

/// <summary>
/// Certificates, stock changes and registry baselines all rewrite a farm's stock: each locks the farm row first, so
/// two of them never read the same count and both write their own result over it.
/// </summary>
public static class FarmLock
{
    public static Task TakeAsync(HubDbContext db, string farmCode, CancellationToken ct) =>
        MessageSql.ExecuteAsync(db, Persistence.Tables.FarmTables.LockOne, ct, MessageSql.P("c", farmCode));
}
