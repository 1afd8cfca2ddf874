using System.Security.Cryptography;
using Npgsql;
using System.Text.Json;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Farms;

/// <summary>
/// Applies canonical farms inside the message's transaction: insert, update, or nothing when nothing changed. Every
/// write is set-based (one statement per table for the whole page, sent in one batch), never through change tracking.
/// </summary>
public static class FarmUpsert
{
    public sealed record Summary(int Rows, int Created, int Updated, int Unchanged, int Stale);

    private sealed record Held(DateTimeOffset RegistryUpdatedAt, string ContentHash);

    private sealed record LaterChange(long Id, string FarmCode, Species Species, int Delta, DateTimeOffset At);

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
        // 存栏变动 already received for these farms: the registry count is the baseline as of gxsj, changes after it
        // still apply on top (usually none). Both reads travel in one round trip.
        var held = new Dictionary<string, Held>(StringComparer.Ordinal);
        var later = new List<LaterChange>();
        await using (var read = MessageSql.Batch(db))
        {
            read.Add(FarmTables.LockForUpsert,
                MessageSql.P("codes", codes));
            read.Add(FarmTables.StockChangesAfterBaseline,
                MessageSql.P("codes", codes));
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                held[reader.GetString(0)] = new Held(reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
                later.Add(new LaterChange(reader.GetInt64(0), reader.GetString(1), Enum.Parse<Species>(reader.GetString(2)),
                    reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        var changesOf = later.ToLookup(c => c.FarmCode, StringComparer.Ordinal);

        var created = new List<(CanonicalFarm Farm, string Hash)>();
        var updated = new List<(CanonicalFarm Farm, string Hash)>();
        var unchangedFarms = new List<CanonicalFarm>();
        var stock = new List<(string Farm, Species Species, int Count)>();
        var baselines = new List<(string Farm, Species Species, int Count, DateTimeOffset At, int After)>();
        var applied = new Dictionary<long, bool>();
        var announced = new List<(string Code, string Payload, string Region)>();
        var stale = 0;
        foreach (var farm in latest)
        {
            // The update time is not content: a record re-sent with a newer gxsj but the same data is no change.
            var hash = Hash(JsonSerializer.SerializeToUtf8Bytes(farm with { UpdatedAt = default }, CanonicalJson.Options));
            bool record;
            if (held.TryGetValue(farm.Code, out var row))
            {
                if (row.RegistryUpdatedAt > farm.UpdatedAt) { stale++; continue; }
                record = row.ContentHash != hash;
                if (record) updated.Add((farm, hash));
                else unchangedFarms.Add(farm);
            }
            else
            {
                record = true;
                created.Add((farm, hash));
            }

            // Stock = the registry's count as of gxsj + every 动监e通 change after gxsj; the baseline goes into the history.
            var changes = changesOf[farm.Code].ToList();
            foreach (var c in changes) applied[c.Id] = c.At > farm.UpdatedAt;
            foreach (var s in farm.Stock)
            {
                var count = s.Count + changes.Where(c => c.At > farm.UpdatedAt && c.Species == s.Species).Sum(c => c.Delta);
                stock.Add((farm.Code, s.Species, count));
                if (record) baselines.Add((farm.Code, s.Species, s.Count, farm.UpdatedAt, count));
            }
            if (record) announced.Add((farm.Code, JsonSerializer.Serialize(farm, CanonicalJson.Options), farm.RegionCode));
        }

        if (created.Count + updated.Count + unchangedFarms.Count > 0)
        {
            var journalId = announced.Count > 0 ? await context.JournalIdAsync(ct) : (long?)null;
            await using var write = MessageSql.Batch(db);
            if (created.Count > 0) AddFarmRows(write, FarmTables.InsertFarms, created, context.Now);
            if (updated.Count > 0) AddFarmRows(write, FarmTables.UpdateFarms, updated, context.Now);
            if (unchangedFarms.Count > 0)
                write.Add(FarmTables.TouchRegistryTime, MessageSql.P("codes", unchangedFarms.Select(f => f.Code).ToArray()),
                    MessageSql.P("at", unchangedFarms.Select(f => f.UpdatedAt.ToUniversalTime()).ToArray()));
            AddStock(write, [.. created.Select(c => c.Farm.Code), .. updated.Select(u => u.Farm.Code), .. unchangedFarms.Select(f => f.Code)], stock);
            if (baselines.Count > 0)
                write.Add(FarmTables.InsertBaselines,
                    MessageSql.P("farm", baselines.Select(b => b.Farm).ToArray()),
                    MessageSql.P("species", baselines.Select(b => b.Species.ToString()).ToArray()),
                    MessageSql.P("count", baselines.Select(b => b.Count).ToArray()),
                    MessageSql.P("at", baselines.Select(b => b.At.ToUniversalTime()).ToArray()),
                    MessageSql.P("after", baselines.Select(b => b.After).ToArray()),
                    MessageSql.P("now", context.Now.ToUniversalTime()));
            if (applied.Count > 0)
                write.Add(FarmTables.MarkStockChangesApplied,
                    MessageSql.P("ids", applied.Keys.ToArray()), MessageSql.P("applied", applied.Values.ToArray()));
            if (journalId is { } id)
            {
                var keys = announced.Select(a => a.Code).ToArray();
                var (linkSql, linkParameters) = JournalTable.LinkStatement(id, "farm", keys);
                write.Add(linkSql, linkParameters);
                OutboxTable.Add(write, [.. Destinations.ForFarmChange.SelectMany(d => announced.Select(a => new OutboxTable.Item(d, a.Code, a.Payload, a.Region)))],
                    id, context.Now);
            }
            await write.ExecuteNonQueryAsync(ct);
        }

        return new Summary(incoming.Count, created.Count, updated.Count, unchangedFarms.Count, stale);
    }

    /// <summary>The farm rows as column arrays; a new farm gets its unguessable QR token here (an update keeps its own).</summary>
    private static void AddFarmRows(NpgsqlBatch batch, string sql, List<(CanonicalFarm Farm, string Hash)> rows, DateTimeOffset now)
    {
        var farms = rows.Select(r => r.Farm).ToList();
        batch.Add(sql,
            MessageSql.P("code", farms.Select(f => f.Code).ToArray()),
            MessageSql.P("name", farms.Select(f => f.Name).ToArray()),
            MessageSql.P("type", farms.Select(f => f.Type.ToString()).ToArray()),
            MessageSql.P("contact_name", farms.Select(f => f.ContactName).ToArray()),
            MessageSql.P("phone", farms.Select(f => f.Phone).ToArray()),
            MessageSql.P("region_code", farms.Select(f => f.RegionCode).ToArray()),
            MessageSql.P("county_code", farms.Select(f => f.CountyCode).ToArray()),
            MessageSql.P("township_code", farms.Select(f => f.TownshipCode).ToArray()),
            MessageSql.P("village_code", farms.Select(f => f.VillageCode).ToArray()),
            MessageSql.P("address", farms.Select(f => f.Address).ToArray()),
            MessageSql.P("longitude", farms.Select(f => f.Longitude).ToArray()),
            MessageSql.P("latitude", farms.Select(f => f.Latitude).ToArray()),
            MessageSql.P("status", farms.Select(f => f.Status.ToString()).ToArray()),
            MessageSql.P("is_complete", farms.Select(IsComplete).ToArray()),
            MessageSql.P("registry_updated_at", farms.Select(f => f.UpdatedAt.ToUniversalTime()).ToArray()),
            MessageSql.P("content_hash", rows.Select(r => r.Hash).ToArray()),
            MessageSql.P("qr_token", farms.Select(_ => FarmQr.FarmQrTokens.New()).ToArray()),
            MessageSql.P("now", now.ToUniversalTime()));
    }

    /// <summary>Each farm's stock per species replaced in place: species it no longer keeps go, the others are set.</summary>
    private static void AddStock(NpgsqlBatch batch, string[] farms, List<(string Farm, Species Species, int Count)> stock)
    {
        var stockFarms = stock.Select(s => s.Farm).ToArray();
        var species = stock.Select(s => s.Species.ToString()).ToArray();
        batch.Add(FarmTables.DropStockNoLongerKept, MessageSql.P("farms", farms), MessageSql.P("farm", stockFarms), MessageSql.P("species", species));
        if (stock.Count > 0)
            batch.Add(FarmTables.UpsertStock, MessageSql.P("farm", stockFarms), MessageSql.P("species", species), MessageSql.P("count", stock.Select(s => s.Count).ToArray()));
    }

    /// <summary>See <see cref="FarmCompleteness"/>, the one definition shared with the declaration's rules.</summary>
    public static bool IsComplete(CanonicalFarm farm) =>
        FarmCompleteness.IsComplete(farm.Name, farm.Phone, farm.Address, farm.Stock.Count);

    private static string Hash(byte[] utf8) => Convert.ToHexStringLower(SHA256.HashData(utf8));
}
