using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Observability;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Ledger;

/// <summary>One row to register, from a 动监e通 push or a stock sheet; <see cref="Path"/> locates it in the source.</summary>
public sealed record StockRegistrationRow(string RegistrarCode, CanonicalStockRow Row, string Path);

/// <summary>
/// 库存耳标登记 registers unissued ranges into a county's (or township's) stock: every row checked, then all of them
/// written set-wise (a 100,000-row sheet is a handful of statements, not 100,000), each range becoming a holding of the
/// registrar and an item for the national platform. The same range sent again by the same registrar with the same box
/// and pack is a duplicate, not an overlap.
/// </summary>
/// <remarks>
/// Costs, for a large sheet: the ledger is looked up once for the union of the message's ranges (adjacent rows merge,
/// so a sheet of consecutive boxes is a few probes of the GiST index instead of one per row); the rows are streamed
/// with binary COPY into tag_registration, tag_holding and the outbox, in tag order (GiST inserts in key order touch
/// fewer pages), with no parameter arrays or payload strings held for the whole message. The exclusion constraints on
/// tag_registration and tag_holding still check every row, as for any other write.
/// </remarks>
public static class TagStockRegistrar
{
    public static async Task<HandlerResult> RegisterAsync(
        HandlerContext context, RegionLookup regions, IReadOnlyList<StockRegistrationRow> rows, string source, CancellationToken ct)
    {
        var db = context.Db;
        var reasons = new List<InboundReason>();
        foreach (var (registrar, row, path) in rows)
        {
            string[] Tags() => [row.Range.ToString()];
            if (!(regions.IsCounty(registrar) || regions.IsTownship(registrar)))
                reasons.Add(new InboundReason(TagCodes.RegistrarUnknown, $"登记单位 {registrar} is neither a known county nor a known township", path, Tags()));
            var tagCounty = row.Range.FirstTag.CountyCode;
            if (!regions.IsCounty(tagCounty))
                reasons.Add(new InboundReason(TagCodes.TagCountyUnknown, $"county code {tagCounty} in the tag numbers is not a known county", path, Tags()));
            else if (regions.CountyOf(registrar) is { } registrarCounty && registrarCounty != tagCounty)
                reasons.Add(new InboundReason(TagCodes.RangeNotInRegistrarCounty,
                    $"tags of county {tagCounty} ({regions.NameOf(tagCounty)}) cannot be registered by {registrar} ({regions.NameOf(registrar)})", path, Tags()));
        }

        // The rows in tag order (ties in message order): overlaps inside the message are neighbours.
        var order = TagOrder(rows);
        for (var i = 1; i < order.Length; i++)
        {
            var (current, previous) = (rows[order[i]], rows[order[i - 1]]);
            if (current.Row.Range.Overlaps(previous.Row.Range))
                reasons.Add(new InboundReason(TagCodes.RangeOverlapsInMessage,
                    $"{current.Row.Range} overlaps {previous.Row.Range} ({previous.Path})", current.Path, [current.Row.Range.ToString()]));
        }
        if (reasons.Count > 0) return HandlerResult.Refused(reasons);

        // No county lock: two messages registering overlapping ranges at once both pass this read, and the exclusion
        // constraints on tag_registration and tag_holding let one of them commit; the other is applied again and
        // then finds the range registered (a duplicate, or RANGE_OVERLAPS_EXISTING).
        var existing = await ExistingAsync(db, rows, order, ct);

        var duplicates = new HashSet<int>();
        foreach (var (index, hit) in existing)
        {
            var (registrar, row, path) = rows[index];
            if (hit.Range == row.Range && hit.Registrar == registrar && hit.Box == row.Box && hit.Pack == row.Pack)
                duplicates.Add(index);
            else
                reasons.Add(new InboundReason(TagCodes.RangeOverlapsExisting,
                    $"{row.Range} overlaps {hit.Range} already registered by {hit.Registrar} (box {hit.Box ?? "-"}, pack {hit.Pack ?? "-"})",
                    path, [hit.Range.ToString()]));
        }
        if (reasons.Count > 0) return HandlerResult.Refused(reasons);

        var fresh = new List<StockRegistrationRow>(rows.Count - duplicates.Count);
        long tagCount = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (duplicates.Contains(i)) continue;
            fresh.Add(rows[i]);
            tagCount += rows[i].Row.Range.Count;
        }
        if (fresh.Count > 0) await InsertAsync(context, regions, fresh, source, ct);
        return HandlerResult.Accepted(new
        {
            registered = fresh.Count,
            tags = tagCount,
            duplicates = duplicates.Count,
        });
    }

    /// <summary>Indexes of <paramref name="rows"/> sorted by first tag, ties in message order (a stable sort).</summary>
    private static int[] TagOrder(IReadOnlyList<StockRegistrationRow> rows)
    {
        var order = new int[rows.Count];
        var keys = new long[rows.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = rows[i].Row.Range.First;
        }
        Array.Sort(keys, order);
        // Array.Sort is not stable: put equal first tags back in message order.
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(order, start, end - start);
            start = end;
        }
        return order;
    }

    private readonly record struct Registered(string Registrar, string? Box, string? Pack, TagRange Range);

    /// <summary>
    /// Every (row, registration already in the ledger) pair that overlaps, in row order. The ledger is asked once for
    /// the union of the rows' ranges (they do not overlap one another here), then each registration found is matched
    /// to the rows it touches by binary search over the rows in tag order.
    /// </summary>
    private static async Task<List<(int Index, Registered Hit)>> ExistingAsync(
        HubDbContext db, IReadOnlyList<StockRegistrationRow> rows, int[] order, CancellationToken ct)
    {
        var union = new List<TagRange>();
        foreach (var i in order)
        {
            var range = rows[i].Row.Range;
            if (union.Count > 0 && union[^1].Last + 1 >= range.First)
                union[^1] = union[^1] with { Last = Math.Max(union[^1].Last, range.Last) };
            else union.Add(range);
        }
        var found = await MessageSql.QueryAsync(db, TagLedgerTables.RegistrationsOverlappingSql, r => new Registered(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                new TagRange(r.GetInt64(3), r.GetInt64(4))),
            ct, TagLedgerTables.Ranges("r", union));
        if (found.Count == 0) return [];

        // Rows in tag order do not overlap, so their last tags ascend too: the rows a registration touches are a run.
        var lasts = new long[order.Length];
        for (var k = 0; k < order.Length; k++) lasts[k] = rows[order[k]].Row.Range.Last;
        var pairs = new List<(int Index, Registered Hit)>();
        foreach (var hit in found)
        {
            var k = Array.BinarySearch(lasts, hit.Range.First);
            if (k < 0) k = ~k;
            for (; k < order.Length && rows[order[k]].Row.Range.First <= hit.Range.Last; k++)
                pairs.Add((order[k], hit));
        }
        pairs.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Hit.Range.First.CompareTo(b.Hit.Range.First));
        return pairs;
    }

    private static async Task InsertAsync(HandlerContext context, RegionLookup regions, List<StockRegistrationRow> rows, string source, CancellationToken ct)
    {
        var db = context.Db;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Message SQL runs inside the message's transaction.");
        var journalId = await context.JournalIdAsync(ct);
        var ids = await TagLedgerTables.NextRegistrationIdsAsync(db, rows.Count, ct);
        var now = context.Now.ToUniversalTime();
        var order = TagOrder(rows);

        // COPY writes the identity column as given, like INSERT … OVERRIDING SYSTEM VALUE: the ids reserved above.
        await using (var copy = await connection.BeginBinaryImportAsync(TagLedgerTables.CopyRegistrations, ct))
        {
            foreach (var i in order)
            {
                var (registrar, row, _) = rows[i];
                var first = row.Range.FirstTag;
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(TagLedgerTables.ToPg(row.Range), NpgsqlDbType.Range | NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(row.Range.Count, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(registrar, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(HolderTypeOf(regions, registrar), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(first.CountyCode, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(SpeciesText(first.Species), NpgsqlDbType.Varchar, ct);
                await WriteTextAsync(copy, row.Box, ct);
                await WriteTextAsync(copy, row.Pack, ct);
                await copy.WriteAsync(row.RegisteredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(source, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(journalId, NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(TagLedgerTables.CopyHoldings, ct))
        {
            foreach (var i in order)
            {
                var (registrar, row, _) = rows[i];
                var first = row.Range.FirstTag;
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(TagLedgerTables.ToPg(row.Range), NpgsqlDbType.Range | NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(HolderTypeOf(regions, registrar), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(registrar, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(first.CountyCode, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(SpeciesText(first.Species), NpgsqlDbType.Varchar, ct);
                await WriteTextAsync(copy, row.Box, ct);
                await WriteTextAsync(copy, row.Pack, ct);
                await copy.WriteAsync(ids[i], NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(journalId, NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }

        // The national platform's items in message order, as before; each payload is serialized as it is sent. Stock
        // registered at the hub (the sheet) is also entered into 动监e通 (录入动监e通); what 动监e通 sent is not echoed back.
        string[] destinations = source == PartnerNames.Djet
            ? [Destinations.NationalCloudTagStock]
            : [Destinations.NationalCloudTagStock, Destinations.DjetTagStock];
        await OutboxTable.CopyAsync(connection, destinations.SelectMany(d => Enumerable.Range(0, rows.Count).Select(i => (Destination: d, Index: i))), x =>
        {
            var (registrar, row, _) = rows[x.Index];
            var i = x.Index;
            var first = row.Range.FirstTag;
            return new OutboxTable.Item(x.Destination, "tag-registration:" + ids[i],
                JsonSerializer.Serialize(new CanonicalStockRegistration(
                    ids[i], registrar, first.CountyCode, first.Species, row.Box, row.Pack, row.Range, row.Range.Count, row.RegisteredAt),
                    CanonicalJson.Options), first.CountyCode);
        }, journalId, now, ct);
    }

    private static string HolderTypeOf(RegionLookup regions, string registrar) =>
        regions.IsCounty(registrar) ? nameof(HolderType.County) : nameof(HolderType.Township);

    private static string SpeciesText(Species species) => species switch
    {
        Species.Pig => nameof(Species.Pig),
        Species.Cattle => nameof(Species.Cattle),
        Species.Sheep => nameof(Species.Sheep),
        _ => species.ToString(),
    };

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? text, CancellationToken ct, NpgsqlDbType type = NpgsqlDbType.Text) =>
        text is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(text, type, ct);
}
