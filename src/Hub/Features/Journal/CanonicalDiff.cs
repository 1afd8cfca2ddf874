using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.FarmRegistry;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// The canonical diff of a dry run 规范差异: for each entity a journaled message names, what the hub holds now beside
/// what today's mapping makes of the message, and the RFC 6902 patch from the one to the other. Reads only. Registry
/// farm messages (farm-push, farm-pull-page) are compared farm by farm; 动监e通 messages as the one entity each names
/// (declaration sbdh, certificate zmbh, issuance ffid, cancellation zxid, stock change bdid; see
/// <see cref="DjetDiff"/>), tags as merged ranges. 库存耳标登记 tag stock and the hub's own messages are not covered: the
/// dry run answers verdict, reasons and summary, and the diff says it does not cover them.
/// </summary>
public static class CanonicalDiff
{
    /// <summary>
    /// One entity: create (the hub holds none), update, unchanged, older (the hub holds a newer record, so applying it
    /// changes nothing), conflict (a 动监e通 id the hub holds with other content: ids are never rewritten, so the hub
    /// refuses it), or invalid (today's mapping refuses the row; Violations say why).
    /// </summary>
    public sealed record Entity(string EntityType, string Key, string Change, JsonNode? Held, JsonNode? Proposed, JsonArray Patch,
        IReadOnlyList<string> Violations);

    public sealed record Result(bool Covered, string? Note, IReadOnlyList<Entity> Entities);

    /// <summary>Entities compared at most per message: a pulled page holds up to 500 farms.</summary>
    public const int MaxEntities = 500;

    public static async Task<Result> OfAsync(HubDbContext db, JournalEntry entry, CancellationToken ct)
    {
        if (entry.BodyPruned || entry.Unauthenticated || entry.BodyTruncated)
            return new Result(false, "the entry cannot be replayed, so there is nothing to compare", []);
        if (entry.Source == PartnerNames.Djet)
            return await DjetDiff.OfAsync(db, entry, ct);
        if (entry.Source != PartnerNames.FarmRegistry
            || entry.Type is not (FarmRegistryEndpoints.FarmPush or FarmRegistryEndpoints.FarmPullPage))
            return new Result(false, $"the canonical diff covers registry farm messages; {entry.Source}/{entry.Type} shows verdict, reasons and summary only", []);

        JsonElement rows;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(entry.RawBody);
        }
        catch (JsonException)
        {
            return new Result(true, "the raw body is not JSON: nothing maps", []);
        }
        using (doc)
        {
            rows = doc.RootElement;
            var rowsPath = entry.Type == FarmRegistryEndpoints.FarmPush ? "rows" : "data.rows";
            foreach (var name in rowsPath.Split('.'))
                if (rows.ValueKind != JsonValueKind.Object || !rows.TryGetProperty(name, out rows))
                    return new Result(true, $"no {rowsPath} in the body: nothing maps", []);
            if (rows.ValueKind != JsonValueKind.Array) return new Result(true, $"{rowsPath} is not an array: nothing maps", []);

            var mapped = new List<(string Key, CanonicalFarm? Farm, IReadOnlyList<string> Violations)>();
            var index = 0;
            foreach (var row in rows.EnumerateArray().Take(MaxEntities))
            {
                var path = $"$.{rowsPath}[{index++}]";
                var result = RegistryFarmMapping.ToCanonical(row, path);
                var key = result.Value?.Code
                    ?? (row.ValueKind == JsonValueKind.Object && row.TryGetProperty("yzcbm", out var code) && code.ValueKind == JsonValueKind.String
                        ? code.GetString() ?? path : path);
                mapped.Add((key, result.IsValid ? result.Value : null, result.Violations.Select(v => $"{v.Path} {v.Code}: {v.Message}").ToList()));
            }

            var codes = mapped.Where(m => m.Farm is not null).Select(m => m.Key).Distinct().ToArray();
            var held = await db.Farms.AsNoTracking().Include(f => f.Stock).Where(f => codes.Contains(f.Code)).ToDictionaryAsync(f => f.Code, ct);
            var entities = mapped.Select(m =>
            {
                if (m.Farm is null) return new Entity("farm", m.Key, "invalid", Held(held.GetValueOrDefault(m.Key)), null, [], m.Violations);
                var before = Held(held.GetValueOrDefault(m.Key));
                var after = Canonical(m.Farm);
                var patch = Diff(before, after);
                // The registry upsert applies a record only when it is newer than the farm held (FarmUpsert).
                var change = before is null ? "create"
                    : patch.Count == 0 ? "unchanged"
                    : m.Farm.UpdatedAt < held[m.Key].RegistryUpdatedAt ? "older" : "update";
                return new Entity("farm", m.Key, change, before, after, patch, []);
            }).ToList();
            var note = rows.GetArrayLength() > MaxEntities ? $"the first {MaxEntities} of {rows.GetArrayLength()} rows" : null;
            return new Result(true, note, entities);
        }
    }

    /// <summary>The farm the hub holds, in the canonical shape (its registry time as updatedAt).</summary>
    private static JsonNode? Held(Farm? f) => f is null ? null : Canonical(new CanonicalFarm
    {
        Code = f.Code, Name = f.Name, Type = f.Type, ContactName = f.ContactName, Phone = f.Phone, RegionCode = f.RegionCode,
        CountyCode = f.CountyCode, TownshipCode = f.TownshipCode, VillageCode = f.VillageCode, Address = f.Address,
        Longitude = f.Longitude, Latitude = f.Latitude, Status = f.Status, UpdatedAt = f.RegistryUpdatedAt,
        Stock = f.Stock.Select(s => new SpeciesStock(s.Species, s.Count)).ToList(),
    });

    private static JsonNode Canonical(CanonicalFarm farm)
    {
        // Stock in species order, so two holdings listed differently compare equal.
        var node = JsonSerializer.SerializeToNode(farm with { Stock = [.. farm.Stock.OrderBy(s => s.Species)] }, CanonicalJson.Options)!;
        return node;
    }

    /// <summary>
    /// An RFC 6902 patch turning <paramref name="from"/> into <paramref name="to"/>: objects member by member, any other
    /// value (arrays included) replaced whole when it differs.
    /// </summary>
    public static JsonArray Diff(JsonNode? from, JsonNode? to)
    {
        var ops = new JsonArray();
        Walk(from, to, "", ops);
        return ops;
    }

    private static void Walk(JsonNode? from, JsonNode? to, string path, JsonArray ops)
    {
        if (from is JsonObject a && to is JsonObject b)
        {
            foreach (var (name, value) in a)
            {
                var child = path + "/" + Escape(name);
                if (!b.ContainsKey(name)) ops.Add(new JsonObject { ["op"] = "remove", ["path"] = child });
                else Walk(value, b[name], child, ops);
            }
            foreach (var (name, value) in b)
                if (!a.ContainsKey(name))
                    ops.Add(new JsonObject { ["op"] = "add", ["path"] = path + "/" + Escape(name), ["value"] = value?.DeepClone() });
            return;
        }
        if (JsonNode.DeepEquals(from, to)) return;
        ops.Add(path.Length == 0 && from is null
            ? new JsonObject { ["op"] = "add", ["path"] = path, ["value"] = to?.DeepClone() }
            : new JsonObject { ["op"] = "replace", ["path"] = path, ["value"] = to?.DeepClone() });
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
