using System.Text.Json;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>
/// 一次发放 county→own township and 二次发放 township→own farm or worker. The issuer must wholly hold every range; the
/// holdings it takes them from are split, and the whole issuance is one transaction.
/// </summary>
public sealed class ApplyDjetTagIssuance(RegionDirectory regionDirectory)
    : DjetMessageHandler<CanonicalIssuance>(DjetMessageTypes.TagIssuance, DjetTagIssuanceMapping.ToCanonical)
{
    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalIssuance issuance, CancellationToken ct)
    {
        var db = context.Db;
        context.Journal.PartnerId = issuance.Id;
        var hash = ContentHash(issuance);
        var earlier = await db.TagIssuances.AsNoTracking().Where(x => x.Id == issuance.Id)
            .Select(x => new { x.ContentHash, x.JournalId }).FirstOrDefaultAsync(ct);
        if (earlier is not null) return Repeat(issuance.Id, earlier.ContentHash, hash, earlier.JournalId);

        var regions = await regionDirectory.GetAsync(ct);
        var reasons = await CheckPartiesAsync(db, regions, issuance, ct);
        if (reasons.Count > 0) return HandlerResult.Refused(reasons);

        var issuerType = issuance.Kind == IssuanceKind.First ? HolderType.County : HolderType.Township;
        var issuerCounty = issuance.IssuerCode[..6];
        foreach (var range in issuance.Ranges.Where(r => r.FirstTag.CountyCode != issuerCounty))
            reasons.Add(new InboundReason(TagCodes.RangeNotHeldByIssuer,
                $"{range} are tags of county {range.FirstTag.CountyCode}, not of the issuer's county {issuerCounty}", "$.hd", [range.ToString()]));
        if (reasons.Count > 0) return HandlerResult.Refused(reasons);

        await LedgerSql.LockCountiesAsync(db, [issuerCounty], ct);
        // Every holding overlapping the ranges, whoever holds it, filtered here: with the holder in the SQL, a prepared
        // statement's generic plan read all of a county's holdings through the holder index (30 ms instead of 2 ms).
        var overlapping = await LedgerSql.QueryAsync(db, $"""
            select distinct {HoldingRow.Columns}
            from unnest(@r) as q(r) join tag_holding h on h.tag_range && q.r
            """, HoldingRow.Read, ct, LedgerSql.Ranges("r", issuance.Ranges));
        var held = overlapping.Where(h => h.HolderCode == issuance.IssuerCode && h.HolderType == issuerType).ToList();

        foreach (var range in issuance.Ranges)
        {
            var missing = TagRange.Missing(range, held.Select(h => h.Range));
            if (missing.Count > 0)
                reasons.Add(new InboundReason(TagCodes.RangeNotHeldByIssuer,
                    $"{issuance.IssuerCode} does not hold {missing.Sum(m => m.Count)} of the {range.Count} tags of {range}: "
                    + Describe(overlapping, missing),
                    "$.hd", missing.Select(m => m.ToString()).ToList()));
        }
        if (reasons.Count > 0) return HandlerResult.Refused(reasons);

        // Split: each touched holding gives the requested part to the receiver and keeps the rest.
        var inserts = new HoldingInserts();
        foreach (var h in held)
        {
            IEnumerable<TagRange> kept = [h.Range];
            foreach (var range in issuance.Ranges)
            {
                kept = kept.SelectMany(k => TagRange.Subtract(k, range)).ToList();
                if (h.Range.Overlaps(range))
                    inserts.Add(new TagRange(Math.Max(h.Range.First, range.First), Math.Min(h.Range.Last, range.Last)),
                        issuance.ReceiverType, issuance.ReceiverCode, h);
            }
            foreach (var k in kept) inserts.Add(k, h.HolderType, h.HolderCode, h);
        }
        var journalId = await context.JournalIdAsync(ct);
        await LedgerSql.ExecuteAsync(db, "delete from tag_holding where id = any(@ids)", ct, LedgerSql.P("ids", held.Select(h => h.Id).ToArray()));
        await inserts.ExecuteAsync(db, issuance.IssuedAt, journalId, ct);

        db.TagIssuances.Add(new TagIssuance
        {
            Id = issuance.Id,
            Kind = issuance.Kind,
            IssuerCode = issuance.IssuerCode,
            IssuerType = issuerType,
            ReceiverCode = issuance.ReceiverCode,
            ReceiverType = issuance.ReceiverType,
            Count = issuance.Ranges.Sum(r => r.Count),
            IssuedAt = issuance.IssuedAt,
            ContentHash = hash,
            JournalId = journalId,
            Ranges = issuance.Ranges.Select(r => new TagIssuanceRange { IssuanceId = issuance.Id, First = r.First, TagRange = HoldingRow.ToPg(r) }).ToList(),
        });
        context.Journal.Links.Add(new JournalLink { EntityType = "tag-issuance", EntityKey = issuance.Id });
        db.Outbox.Add(OutboxWriter.Item(Destinations.NationalCloudIssuances, "tag-issuance:" + issuance.Id,
            JsonSerializer.Serialize(issuance, CanonicalJson.Options), context));
        return HandlerResult.Accepted(new { issued = issuance.Ranges.Sum(r => r.Count), ranges = issuance.Ranges.Count, split = held.Count });
    }

    private static async Task<List<InboundReason>> CheckPartiesAsync(HubDbContext db, RegionLookup regions, CanonicalIssuance issuance, CancellationToken ct)
    {
        var reasons = new List<InboundReason>();
        if (issuance.Kind == IssuanceKind.First)
        {
            if (!regions.IsCounty(issuance.IssuerCode))
                reasons.Add(new InboundReason(TagCodes.IssuerUnknown, $"发放单位 {issuance.IssuerCode} is not a known county", "$.ffdw"));
            if (!regions.IsTownship(issuance.ReceiverCode))
                reasons.Add(new InboundReason(TagCodes.ReceiverUnknown, $"接收单位 {issuance.ReceiverCode} is not a known township", "$.jsdw"));
            else if (regions.CountyOf(issuance.ReceiverCode) != issuance.IssuerCode)
                reasons.Add(new InboundReason(TagCodes.ReceiverNotInCounty,
                    $"township {issuance.ReceiverCode} ({regions.NameOf(issuance.ReceiverCode)}) is not in county {issuance.IssuerCode} ({regions.NameOf(issuance.IssuerCode)}): 一次发放 only to the county's own townships", "$.jsdw"));
            return reasons;
        }

        if (!regions.IsTownship(issuance.IssuerCode))
            reasons.Add(new InboundReason(TagCodes.IssuerUnknown, $"发放单位 {issuance.IssuerCode} is not a known township", "$.ffdw"));
        if (issuance.ReceiverType == HolderType.Farm)
        {
            var farm = await db.Farms.AsNoTracking().Where(f => f.Code == issuance.ReceiverCode)
                .Select(f => new { f.TownshipCode }).FirstOrDefaultAsync(ct);
            if (farm is null)
                reasons.Add(new InboundReason(TagCodes.ReceiverUnknown, $"farm {issuance.ReceiverCode} is not in the registry", "$.jsdw"));
            else if (farm.TownshipCode != issuance.IssuerCode)
                reasons.Add(new InboundReason(TagCodes.ReceiverNotInTownship,
                    $"farm {issuance.ReceiverCode} is in township {farm.TownshipCode} ({regions.NameOf(farm.TownshipCode)}), not in {issuance.IssuerCode}: 二次发放 only to the township's own farms", "$.jsdw"));
        }
        return reasons;
    }

    /// <summary>Who holds the tags the issuer lacks (from the holdings already read), so the answer says where they went.</summary>
    private static string Describe(IReadOnlyList<HoldingRow> overlapping, IReadOnlyList<TagRange> missing)
    {
        var holders = overlapping.Where(h => missing.Any(m => m.Overlaps(h.Range))).OrderBy(h => h.Range.First).Take(5).ToList();
        if (holders.Count == 0) return "those tags are held by nobody (never registered, or cancelled)";
        return "held by " + string.Join(", ", holders.Select(h => $"{h.HolderType.ToString().ToLowerInvariant()} {h.HolderCode} ({h.Range})"))
            + (holders.Count == 5 ? ", …" : "");
    }
}
