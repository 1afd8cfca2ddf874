using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using Npgsql;

namespace EarTagTrace.Hub.Ledger;

/// <summary>One row to register, from a 动监e通 push or a stock sheet; <see cref="Path"/> locates it in the source.</summary>
public sealed record StockRegistrationRow(string RegistrarCode, CanonicalStockRow Row, string Path);

/// <summary>
/// 库存耳标登记 registers unissued ranges into a county's (or township's) stock: every row checked, then all of them
/// inserted with set-based SQL (a 100,000-row sheet is a few statements, not 100,000), each range becoming a holding
/// of the registrar and an item for the national platform. The same range sent again by the same registrar with the
/// same box and pack is a duplicate, not an overlap.
/// </summary>
public static class TagStockRegistrar
{
    public static async Task<HandlerResult> RegisterAsync(
        HandlerContext context, RegionLookup regions, IReadOnlyList<StockRegistrationRow> rows, string source, CancellationToken ct)
    {
        var db = context.Db;
        var reasons = new List<InboundReason>();
        foreach (var (registrar, row, path) in rows)
        {
            var tags = new[] { row.Range.ToString() };
            if (!(regions.IsCounty(registrar) || regions.IsTownship(registrar)))
                reasons.Add(new InboundReason(TagCodes.RegistrarUnknown, $"登记单位 {registrar} is neither a known county nor a known township", path, tags));
            var tagCounty = row.Range.FirstTag.CountyCode;
            if (!regions.IsCounty(tagCounty))
                reasons.Add(new InboundReason(TagCodes.TagCountyUnknown, $"county code {tagCounty} in the tag numbers is not a known county", path, tags));
            else if (regions.CountyOf(registrar) is { } registrarCounty && registrarCounty != tagCounty)
                reasons.Add(new InboundReason(TagCodes.RangeNotInRegistrarCounty,
                    $"tags of county {tagCounty} ({regions.NameOf(tagCounty)}) cannot be registered by {registrar} ({regions.NameOf(registrar)})", path, tags));
        }
        var sorted = rows.OrderBy(r => r.Row.Range.First).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Row.Range.Overlaps(sorted[i - 1].Row.Range))
                reasons.Add(new InboundReason(TagCodes.RangeOverlapsInMessage,
                    $"{sorted[i].Row.Range} overlaps {sorted[i - 1].Row.Range} ({sorted[i - 1].Path})", sorted[i].Path, [sorted[i].Row.Range.ToString()]));
        }
        if (reasons.Count > 0) return HandlerResult.Refused(reasons);

        // No county lock: two messages registering overlapping ranges at once both pass this read, and the exclusion
        // constraints on tag_registration and tag_holding let one of them commit; the other is applied again and
        // then finds the range registered (a duplicate, or RANGE_OVERLAPS_EXISTING).
        var existing = await MessageSql.QueryAsync(db, """
            select u.i, g.registrar_code, g.box, g.pack, lower(g.tag_range), upper(g.tag_range) - 1
            from unnest(@r) with ordinality as u(r, i)
            join tag_registration g on g.tag_range && u.r
            """, r => (Index: (int)r.GetInt64(0) - 1, Registrar: r.GetString(1), Box: r.IsDBNull(2) ? null : r.GetString(2),
                Pack: r.IsDBNull(3) ? null : r.GetString(3), Range: new TagRange(r.GetInt64(4), r.GetInt64(5))),
            ct, LedgerSql.Ranges("r", rows.Select(x => x.Row.Range)));

        var duplicates = new HashSet<int>();
        foreach (var hit in existing)
        {
            var (registrar, row, path) = rows[hit.Index];
            if (hit.Range == row.Range && hit.Registrar == registrar && hit.Box == row.Box && hit.Pack == row.Pack)
                duplicates.Add(hit.Index);
            else
                reasons.Add(new InboundReason(TagCodes.RangeOverlapsExisting,
                    $"{row.Range} overlaps {hit.Range} already registered by {hit.Registrar} (box {hit.Box ?? "-"}, pack {hit.Pack ?? "-"})",
                    path, [hit.Range.ToString()]));
        }
        if (reasons.Count > 0) return HandlerResult.Refused(reasons);

        var fresh = Enumerable.Range(0, rows.Count).Where(i => !duplicates.Contains(i)).Select(i => rows[i]).ToList();
        if (fresh.Count > 0) await InsertAsync(context, regions, fresh, source, ct);
        return HandlerResult.Accepted(new
        {
            registered = fresh.Count,
            tags = fresh.Sum(r => r.Row.Range.Count),
            duplicates = duplicates.Count,
        });
    }

    private static async Task InsertAsync(HandlerContext context, RegionLookup regions, List<StockRegistrationRow> rows, string source, CancellationToken ct)
    {
        var db = context.Db;
        var journalId = await context.JournalIdAsync(ct);
        var ids = await LedgerSql.NextIdsAsync(db, "tag_registration", rows.Count, ct);
        var holdings = new HoldingInserts();
        var payloads = new string[rows.Count];
        var keys = new string[rows.Count];
        var types = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (registrar, row, _) = rows[i];
            var type = regions.IsCounty(registrar) ? HolderType.County : HolderType.Township;
            var first = row.Range.FirstTag;
            types[i] = type.ToString();
            holdings.Add(row.Range, type, registrar, first.CountyCode, first.Species, row.Box, row.Pack, ids[i]);
            keys[i] = "tag-registration:" + ids[i];
            payloads[i] = JsonSerializer.Serialize(new CanonicalStockRegistration(
                ids[i], registrar, first.CountyCode, first.Species, row.Box, row.Pack, row.Range, row.Range.Count, row.RegisteredAt), CanonicalJson.Options);
        }

        await MessageSql.ExecuteAsync(db, """
            insert into tag_registration (id, tag_range, count, registrar_code, registrar_type, county_code, species, box, pack, registered_at, source, journal_id)
            overriding system value
            select id, r, upper(r) - lower(r), g, t, c, s, b, p, at, @source, @journal
            from unnest(@id, @r, @g, @t, @c, @s, @b, @p, @at) as u(id, r, g, t, c, s, b, p, at)
            """, ct,
            MessageSql.P("id", ids),
            LedgerSql.Ranges("r", rows.Select(x => x.Row.Range)),
            MessageSql.P("g", rows.Select(x => x.RegistrarCode).ToArray()),
            MessageSql.P("t", types),
            MessageSql.P("c", rows.Select(x => x.Row.Range.FirstTag.CountyCode).ToArray()),
            MessageSql.P("s", rows.Select(x => x.Row.Range.FirstTag.Species.ToString()).ToArray()),
            MessageSql.P("b", rows.Select(x => x.Row.Box).ToArray()),
            MessageSql.P("p", rows.Select(x => x.Row.Pack).ToArray()),
            MessageSql.P("at", rows.Select(x => x.Row.RegisteredAt).ToArray()),
            MessageSql.P("source", source), MessageSql.P("journal", journalId));
        await holdings.ExecuteAsync(db, context.Now, journalId, ct);
        await OutboxSql.InsertAsync(db, Destinations.NationalCloudTagStock, keys, payloads, journalId, context.Now, ct);
    }
}
