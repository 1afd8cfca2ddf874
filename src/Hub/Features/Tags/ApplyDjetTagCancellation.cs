using System.Text.Json;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>
/// 注销 cancels issued tags (死亡/屠宰/遗失/损坏): each leaves its holder's range for good and becomes a cancelled tag
/// (one tag_event row of kind Cancelled per holder, its tags an int8multirange), never to come back: an exclusion
/// constraint allows one cancellation per tag. Load: the first sending of the id and, per tag, its holding (locked,
/// under repeatable read), its registrar and an earlier cancellation. Decide: only issued, uncancelled tags. Store: the
/// holdings cut, the events, the cancellation and the national platform's outbox row.
/// </summary>
public sealed class ApplyDjetTagCancellation()
    : DjetDecidingHandler<CanonicalCancellation, ApplyDjetTagCancellation.Facts, ApplyDjetTagCancellation.Rows>(
        DjetMessageTypes.TagCancellation, DjetTagCancellationMapping.ToCanonical, DjetTagCancellationMapping.PartnerPath, Decide)
{
    /// <summary>One tag of the message: the holding that holds it, the unit that registered it, the cancellation that took it.</summary>
    public sealed record TagFacts(long Tag, HoldingRow? Holding, string? Registrar, string? CancelledBy);

    public sealed record Facts(IReadOnlyList<TagFacts> Tags);

    /// <summary>An accepted cancellation: the holdings it cuts (deleted), what they keep, and the tags by holder.</summary>
    public sealed record Rows(CanonicalCancellation Cancellation, string ContentHash, long[] Cut, IReadOnlyList<NewHolding> Kept, IReadOnlyList<TagFacts> Tags);

    protected override bool RewritesWhatItReads => true;

    protected override string IdOf(CanonicalCancellation message) => message.Id;

    protected override IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Load(CanonicalCancellation c) =>
    [
        (TagLedgerTables.CancellationFirstAppliedSql, [new NpgsqlParameter<string>("id", c.Id)]),
        TagLedgerTables.LockHoldings(c.Tags.Select(t => new TagRange(t, t))),
        TagLedgerTables.TagsWithHoldings([.. c.Tags]),
    ];

    protected override async Task<(Facts Facts, FirstApplied? First)> ReadAsync(NpgsqlDataReader r, CanonicalCancellation c, CancellationToken ct)
    {
        var first = await r.ReadAsync(ct) ? ReadFirst(r, 0) : null;
        await r.NextResultAsync(ct); // past the locked holdings' ids
        await r.NextResultAsync(ct);
        var tags = new List<TagFacts>();
        while (await r.ReadAsync(ct))
            tags.Add(new TagFacts(r.GetInt64(0), r.IsDBNull(1) ? null : HoldingRow.Read(r, 1),
                r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12)));
        return (new Facts(tags), first);
    }

    protected override IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Store(Rows rows, long journalId, DateTimeOffset now)
    {
        var c = rows.Cancellation;
        yield return TagLedgerTables.DeleteHoldings(rows.Cut);
        yield return TagLedgerTables.InsertCancelledEvents([.. rows.Tags.Select(t => t.Tag)],
            [.. rows.Tags.Select(t => t.Holding!.HolderType.ToString())], [.. rows.Tags.Select(t => t.Holding!.HolderCode)], c.Id, c.CancelledAt, journalId);
        yield return TagLedgerTables.InsertCancellation(c.Id, c.Reason, c.Tags.Count, c.CancelledAt, rows.ContentHash, journalId);
        if (rows.Kept.Count > 0) yield return TagLedgerTables.InsertHoldings(rows.Kept, c.CancelledAt, journalId);
    }

    /// <summary>Every cancellation rule, each in this one place; the reasons name canonical fields.</summary>
    public static Decision<Rows> Decide(Facts facts, CanonicalCancellation cancellation, DateTimeOffset now)
    {
        var found = facts.Tags;
        var reasons = new List<InboundReason>();
        void Refuse(string code, string detail, IEnumerable<long> tags)
        {
            var list = tags.ToList();
            if (list.Count > 0) reasons.Add(new InboundReason(code, detail, nameof(cancellation.Tags), list.Select(TagNumber.Format).ToList()));
        }
        Refuse(TagCodes.TagCancelled, "already cancelled (注销); a cancelled tag never comes back",
            found.Where(f => f.CancelledBy is not null).Select(f => f.Tag));
        Refuse(TagCodes.TagNeverRegistered, "not in any stock registration",
            found.Where(f => f.Holding is null && f.CancelledBy is null).Select(f => f.Tag));
        Refuse(TagCodes.TagNotIssued, "still in the unissued stock of the unit that registered it: only issued tags can be cancelled",
            found.Where(f => f.Holding is not null && f.Holding.HolderCode == f.Registrar).Select(f => f.Tag));
        if (reasons.Count > 0) return Decision<Rows>.Refuse(reasons);

        var kept = new List<NewHolding>();
        foreach (var group in found.GroupBy(f => f.Holding!.Id))
        {
            var holding = group.First().Holding!;
            IEnumerable<TagRange> rest = [holding.Range];
            foreach (var tag in group.Select(g => g.Tag))
                rest = rest.SelectMany(k => TagRange.Subtract(k, new TagRange(tag, tag))).ToList();
            kept.AddRange(rest.Select(k => NewHolding.Of(k, holding.HolderType, holding.HolderCode, holding)));
        }
        var cut = found.Select(f => f.Holding!.Id).Distinct().ToArray();
        var counties = found.Select(f => f.Holding!.CountyCode).Distinct().ToList();
        return Decision<Rows>.Accept(new Rows(cancellation, ContentHash(cancellation), cut, kept, found), new { cancelled = cancellation.Tags.Count }) with
        {
            Announcements = [new(Destinations.NationalCloudCancellations, "tag-cancellation:" + cancellation.Id,
                JsonSerializer.Serialize(cancellation, CanonicalJson.Options), counties.Count == 1 ? counties[0] : counties[0][..2])],
            Links = [("tag-cancellation", cancellation.Id)],
        };
    }
}
