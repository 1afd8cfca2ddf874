using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Farms;

/// <summary>Stages canonical farms onto the unit of work: insert, update, or nothing when nothing changed.</summary>
public static class FarmUpsert
{
    public sealed record Summary(int Rows, int Created, int Updated, int Unchanged, int Stale);

    public static async Task<Summary> ApplyAsync(HandlerContext context, IReadOnlyList<CanonicalFarm> incoming, CancellationToken ct)
    {
        var db = context.Db;
        // One message may carry a farm twice: the latest version wins, as it would across two messages.
        var latest = incoming
            .GroupBy(f => f.Code)
            .Select(g => g.OrderBy(f => f.UpdatedAt).Last())
            .ToList();
        var codes = latest.Select(f => f.Code).Order(StringComparer.Ordinal).ToArray();
        // The rows certificates and stock changes lock too (FarmLock), taken in code order so two pushes cannot
        // deadlock: a certificate's stock decrement is read here, never overwritten by a baseline computed before it.
        await db.Database.ExecuteSqlInterpolatedAsync($"select 1 from farm where code = any({codes}) order by code for update", ct);
        var existing = await db.Farms.Include(f => f.Stock)
            .Where(f => codes.Contains(f.Code))
            .ToDictionaryAsync(f => f.Code, ct);

        // 存栏变动 already received for these farms: the registry count is the baseline as of gxsj, changes after it
        // still apply on top (usually none, so one query for the whole page).
        var changes = (await db.StockChanges
            .Where(c => codes.Contains(c.FarmCode) && c.Kind != StockChangeType.Baseline).ToListAsync(ct))
            .ToLookup(c => c.FarmCode);

        int created = 0, updated = 0, unchanged = 0, stale = 0;
        foreach (var farm in latest)
        {
            var payload = JsonSerializer.Serialize(farm, CanonicalJson.Options);
            // The update time is not content: a record re-sent with a newer gxsj but the same data is no change.
            var hash = Hash(JsonSerializer.Serialize(farm with { UpdatedAt = default }, CanonicalJson.Options));
            if (existing.TryGetValue(farm.Code, out var row))
            {
                if (row.RegistryUpdatedAt > farm.UpdatedAt) { stale++; continue; }
                if (row.ContentHash == hash)
                {
                    row.RegistryUpdatedAt = farm.UpdatedAt;
                    ApplyBaseline(farm, row, changes[farm.Code], context, record: false);
                    unchanged++;
                    continue;
                }
                Copy(farm, row, hash, context.Now);
                ApplyBaseline(farm, row, changes[farm.Code], context, record: true);
                updated++;
            }
            else
            {
                row = new Farm
                {
                    Code = farm.Code, RegionCode = farm.RegionCode, CountyCode = farm.CountyCode,
                    TownshipCode = farm.TownshipCode, ContentHash = hash, CreatedAt = context.Now,
                };
                Copy(farm, row, hash, context.Now);
                row.QrToken = FarmQr.FarmQrTokens.New();
                row.QrRotatedAt = context.Now;
                ApplyBaseline(farm, row, changes[farm.Code], context, record: true);
                db.Farms.Add(row);
                created++;
            }

            context.Journal.Links.Add(new JournalLink { EntityType = "farm", EntityKey = farm.Code });
            foreach (var destination in Destinations.ForFarmChange)
                db.Outbox.Add(OutboxWriter.Item(destination, farm.Code, payload, context));
        }

        return new Summary(incoming.Count, created, updated, unchanged, stale);
    }

    private static void Copy(CanonicalFarm farm, Farm row, string hash, DateTimeOffset now)
    {
        row.Name = farm.Name;
        row.Type = farm.Type;
        row.ContactName = farm.ContactName;
        row.Phone = farm.Phone;
        row.RegionCode = farm.RegionCode;
        row.CountyCode = farm.CountyCode;
        row.TownshipCode = farm.TownshipCode;
        row.VillageCode = farm.VillageCode;
        row.Address = farm.Address;
        row.Longitude = farm.Longitude;
        row.Latitude = farm.Latitude;
        row.Status = farm.Status;
        row.RegistryUpdatedAt = farm.UpdatedAt;
        row.ContentHash = hash;
        row.UpdatedAt = now;
        row.IsComplete = IsComplete(farm);

        // Replace the stock per species in place so EF issues updates, not delete+insert of the same keys.
        foreach (var gone in row.Stock.Where(s => farm.Stock.All(n => n.Species != s.Species)).ToList())
            row.Stock.Remove(gone);
        foreach (var s in farm.Stock)
        {
            var have = row.Stock.FirstOrDefault(x => x.Species == s.Species);
            if (have is null) row.Stock.Add(new FarmStock { FarmCode = farm.Code, Species = s.Species, Count = s.Count });
            else have.Count = s.Count;
        }
    }

    /// <summary>Stock = the registry's count as of gxsj + every 动监e通 change after gxsj; the baseline goes into the history.</summary>
    private static void ApplyBaseline(CanonicalFarm farm, Farm row, IEnumerable<StockChange> changes, HandlerContext context, bool record)
    {
        var later = changes.ToList();
        foreach (var c in later) c.Applied = c.At > farm.UpdatedAt;
        foreach (var s in farm.Stock)
        {
            var have = row.Stock.First(x => x.Species == s.Species);
            have.Count = s.Count + later.Where(c => c.Applied && c.Species == s.Species).Sum(c => c.Delta);
            if (!record) continue;
            context.Db.StockChanges.Add(new StockChange
            {
                FarmCode = farm.Code, Species = s.Species, Kind = StockChangeType.Baseline, Count = s.Count, Delta = 0,
                At = farm.UpdatedAt, Applied = true, StockAfter = have.Count, RecordedAt = context.Now, JournalId = null,
            });
        }
    }

    /// <summary>See <see cref="FarmCompleteness"/>, the one definition shared with the declaration's rules.</summary>
    public static bool IsComplete(CanonicalFarm farm) =>
        FarmCompleteness.IsComplete(farm.Name, farm.Phone, farm.Address, farm.Stock.Count);

    private static string Hash(string payload) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
}
