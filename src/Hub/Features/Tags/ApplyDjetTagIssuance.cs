using System.Text.Json;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>
/// 一次发放 county→own township and 二次发放 township→own farm or worker. Load: the first sending of the id, the
/// receiving farm's township, and every holding overlapping the ranges, locked (under repeatable read, so a holding
/// another message split since the snapshot is a conflict that applies this one again). Decide: the issuer must wholly
/// hold every range. Store: the holdings it takes them from are split, the issuance and its ranges written, the
/// national platform told; one transaction.
/// </summary>
public sealed class ApplyDjetTagIssuance(RegionDirectory regionDirectory)
    : DjetDecidingHandler<CanonicalIssuance, ApplyDjetTagIssuance.Facts, ApplyDjetTagIssuance.Rows>(
        DjetMessageTypes.TagIssuance, DjetTagIssuanceMapping.ToCanonical, DjetTagIssuanceMapping.PartnerPath, Decide)
{
    /// <summary>
    /// The regions, the receiving farm's township (null: not a farm, or not in the registry; <paramref name="ReceiverFarmKnown"/>
    /// tells which) and every holding overlapping the issued ranges, whoever holds it.
    /// </summary>
    public sealed record Facts(RegionLookup Regions, bool ReceiverFarmKnown, string? ReceiverFarmTownship, IReadOnlyList<HoldingRow> Overlapping);

    /// <summary>An accepted issuance: the holdings it splits (deleted) and the pieces that replace them.</summary>
    public sealed record Rows(CanonicalIssuance Issuance, HolderType IssuerType, long Count, string ContentHash, long[] Split, IReadOnlyList<NewHolding> Pieces);

    protected override bool RewritesWhatItReads => true;

    protected override string IdOf(CanonicalIssuance message) => message.Id;

    protected override IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Load(CanonicalIssuance i) =>
    [
        (TagLedgerTables.IssuanceFirstAppliedSql, [new NpgsqlParameter<string>("id", i.Id)]),
        FarmTables.TownshipOf(i.ReceiverCode),
        TagLedgerTables.OverlappingHoldingsForUpdate(i.Ranges),
    ];

    protected override async Task<(Facts Facts, FirstApplied? First)> ReadAsync(NpgsqlDataReader r, CanonicalIssuance i, CancellationToken ct)
    {
        var first = await r.ReadAsync(ct) ? ReadFirst(r, 0) : null;
        await r.NextResultAsync(ct);
        var farmKnown = await r.ReadAsync(ct);
        var township = farmKnown ? r.GetString(0) : null;
        await r.NextResultAsync(ct);
        var overlapping = new List<HoldingRow>();
        while (await r.ReadAsync(ct)) overlapping.Add(HoldingRow.Read(r));
        var regions = await regionDirectory.GetAsync(ct);
        return (new Facts(regions, farmKnown, township, overlapping), first);
    }

    protected override IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Store(Rows rows, long journalId, DateTimeOffset now)
    {
        var i = rows.Issuance;
        yield return TagLedgerTables.DeleteHoldings(rows.Split);
        yield return TagLedgerTables.InsertHoldings(rows.Pieces, i.IssuedAt, journalId);
        yield return TagLedgerTables.InsertIssuance(i.Id, i.Kind, i.IssuerCode, rows.IssuerType, i.ReceiverCode, i.ReceiverType, rows.Count,
            i.IssuedAt, rows.ContentHash, journalId, i.Ranges);
    }

    /// <summary>Every issuance rule, each in this one place; the reasons name canonical fields.</summary>
    public static Decision<Rows> Decide(Facts facts, CanonicalIssuance issuance, DateTimeOffset now)
    {
        var reasons = CheckParties(facts, issuance);
        if (reasons.Count > 0) return Decision<Rows>.Refuse(reasons);

        var issuerType = issuance.Kind == IssuanceKind.First ? HolderType.County : HolderType.Township;
        var issuerCounty = issuance.IssuerCode[..6];
        foreach (var range in issuance.Ranges.Where(r => r.FirstTag.CountyCode != issuerCounty))
            reasons.Add(new InboundReason(TagCodes.RangeNotHeldByIssuer,
                $"{range} are tags of county {range.FirstTag.CountyCode}, not of the issuer's county {issuerCounty}", nameof(issuance.Ranges), [range.ToString()]));
        if (reasons.Count > 0) return Decision<Rows>.Refuse(reasons);

        var held = facts.Overlapping.Where(h => h.HolderCode == issuance.IssuerCode && h.HolderType == issuerType).ToList();
        foreach (var range in issuance.Ranges)
        {
            var missing = TagRange.Missing(range, held.Select(h => h.Range));
            if (missing.Count > 0)
                reasons.Add(new InboundReason(TagCodes.RangeNotHeldByIssuer,
                    $"{issuance.IssuerCode} does not hold {missing.Sum(m => m.Count)} of the {range.Count} tags of {range}: "
                    + Describe(facts.Overlapping, missing),
                    nameof(issuance.Ranges), missing.Select(m => m.ToString()).ToList()));
        }
        if (reasons.Count > 0) return Decision<Rows>.Refuse(reasons);

        // Split: each touched holding gives the requested part to the receiver and keeps the rest.
        var pieces = new List<NewHolding>();
        foreach (var h in held)
        {
            IEnumerable<TagRange> kept = [h.Range];
            foreach (var range in issuance.Ranges)
            {
                kept = kept.SelectMany(k => TagRange.Subtract(k, range)).ToList();
                if (h.Range.Overlaps(range))
                    pieces.Add(NewHolding.Of(new TagRange(Math.Max(h.Range.First, range.First), Math.Min(h.Range.Last, range.Last)),
                        issuance.ReceiverType, issuance.ReceiverCode, h));
            }
            pieces.AddRange(kept.Select(k => NewHolding.Of(k, h.HolderType, h.HolderCode, h)));
        }
        var count = issuance.Ranges.Sum(r => r.Count);
        var rows = new Rows(issuance, issuerType, count, ContentHash(issuance), [.. held.Select(h => h.Id)], pieces);
        return Decision<Rows>.Accept(rows, new { issued = count, ranges = issuance.Ranges.Count, split = held.Count }) with
        {
            Announcements = [new(Destinations.NationalCloudIssuances, "tag-issuance:" + issuance.Id,
                JsonSerializer.Serialize(issuance, CanonicalJson.Options), issuance.IssuerCode)],
            Links = [("tag-issuance", issuance.Id)],
        };
    }

    private static List<InboundReason> CheckParties(Facts facts, CanonicalIssuance issuance)
    {
        var regions = facts.Regions;
        var reasons = new List<InboundReason>();
        if (issuance.Kind == IssuanceKind.First)
        {
            if (!regions.IsCounty(issuance.IssuerCode))
                reasons.Add(new InboundReason(TagCodes.IssuerUnknown, $"发放单位 {issuance.IssuerCode} is not a known county", nameof(issuance.IssuerCode)));
            if (!regions.IsTownship(issuance.ReceiverCode))
                reasons.Add(new InboundReason(TagCodes.ReceiverUnknown, $"接收单位 {issuance.ReceiverCode} is not a known township", nameof(issuance.ReceiverCode)));
            else if (regions.CountyOf(issuance.ReceiverCode) != issuance.IssuerCode)
                reasons.Add(new InboundReason(TagCodes.ReceiverNotInCounty,
                    $"township {issuance.ReceiverCode} ({regions.NameOf(issuance.ReceiverCode)}) is not in county {issuance.IssuerCode} ({regions.NameOf(issuance.IssuerCode)}): 一次发放 only to the county's own townships", nameof(issuance.ReceiverCode)));
            return reasons;
        }

        if (!regions.IsTownship(issuance.IssuerCode))
            reasons.Add(new InboundReason(TagCodes.IssuerUnknown, $"发放单位 {issuance.IssuerCode} is not a known township", nameof(issuance.IssuerCode)));
        if (issuance.ReceiverType == HolderType.Farm)
        {
            if (!facts.ReceiverFarmKnown)
                reasons.Add(new InboundReason(TagCodes.ReceiverUnknown, $"farm {issuance.ReceiverCode} is not in the registry", nameof(issuance.ReceiverCode)));
            else if (facts.ReceiverFarmTownship != issuance.IssuerCode)
                reasons.Add(new InboundReason(TagCodes.ReceiverNotInTownship,
                    $"farm {issuance.ReceiverCode} is in township {facts.ReceiverFarmTownship} ({regions.NameOf(facts.ReceiverFarmTownship)}), not in {issuance.IssuerCode}: 二次发放 only to the township's own farms", nameof(issuance.ReceiverCode)));
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
