using System.Text.Json;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>
/// 注销 cancels issued tags (死亡/屠宰/遗失/损坏): each becomes an individual cancelled tag, leaves its holder's range
/// for good, and never comes back (a unique index allows one cancellation per tag).
/// </summary>
public sealed class ApplyDjetTagCancellation()
    : DjetMessageHandler<CanonicalCancellation>(DjetMessageTypes.TagCancellation, DjetTagCancellationMapping.ToCanonical)
{
    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalCancellation cancellation, CancellationToken ct)
    {
        var db = context.Db;
        context.Journal.PartnerId = cancellation.Id;
        var hash = ContentHash(cancellation);
        var earlier = await db.TagCancellations.AsNoTracking().Where(x => x.Id == cancellation.Id)
            .Select(x => new { x.ContentHash, x.JournalId }).FirstOrDefaultAsync(ct);
        if (earlier is not null) return Repeat(cancellation.Id, earlier.ContentHash, hash, earlier.JournalId);

        await LedgerSql.LockCountiesAsync(db, cancellation.Tags.Select(t => new TagNumber(t).CountyCode), ct);
        var found = await LedgerSql.QueryAsync(db, $"""
            select u.t, {HoldingRow.Columns}, g.registrar_code, c.ref_id
            from unnest(@t) as u(t)
            left join tag_holding h on h.tag_range @> u.t
            left join tag_registration g on g.id = h.registration_id
            left join tag_event c on c.tag = u.t and c.kind = 'Cancelled'
            """, r => (Tag: r.GetInt64(0), Holding: r.IsDBNull(1) ? null : HoldingRow.Read(r, 1),
                Registrar: r.IsDBNull(11) ? null : r.GetString(11), CancelledBy: r.IsDBNull(12) ? null : r.GetString(12)),
            ct, LedgerSql.P("t", cancellation.Tags.ToArray()));

        var reasons = new List<InboundReason>();
        void Refuse(string code, string detail, IEnumerable<long> tags)
        {
            var list = tags.ToList();
            if (list.Count > 0) reasons.Add(new InboundReason(code, detail, "$.ebh", list.Select(TagNumber.Format).ToList()));
        }
        Refuse(TagCodes.TagCancelled, "already cancelled (注销); a cancelled tag never comes back",
            found.Where(f => f.CancelledBy is not null).Select(f => f.Tag));
        Refuse(TagCodes.TagNeverRegistered, "not in any stock registration",
            found.Where(f => f.Holding is null && f.CancelledBy is null).Select(f => f.Tag));
        Refuse(TagCodes.TagNotIssued, "still in the unissued stock of the unit that registered it: only issued tags can be cancelled",
            found.Where(f => f.Holding is not null && f.Holding.HolderCode == f.Registrar).Select(f => f.Tag));
        if (reasons.Count > 0) return HandlerResult.Refused(reasons);

        var journalId = await context.JournalIdAsync(ct);
        var inserts = new HoldingInserts();
        foreach (var group in found.GroupBy(f => f.Holding!.Id))
        {
            var holding = group.First().Holding!;
            IEnumerable<TagRange> kept = [holding.Range];
            foreach (var tag in group.Select(g => g.Tag))
                kept = kept.SelectMany(k => TagRange.Subtract(k, new TagRange(tag, tag))).ToList();
            foreach (var k in kept) inserts.Add(k, holding.HolderType, holding.HolderCode, holding);
        }
        await LedgerSql.ExecuteAsync(db, "delete from tag_holding where id = any(@ids)", ct,
            LedgerSql.P("ids", found.Select(f => f.Holding!.Id).Distinct().ToArray()));
        await inserts.ExecuteAsync(db, cancellation.CancelledAt, journalId, ct);

        foreach (var f in found)
            db.TagEvents.Add(new TagEvent
            {
                Tag = f.Tag, Kind = TagEventKind.Cancelled, RefId = cancellation.Id, HolderType = f.Holding!.HolderType,
                HolderCode = f.Holding.HolderCode, At = cancellation.CancelledAt, JournalId = journalId,
            });
        db.TagCancellations.Add(new TagCancellation
        {
            Id = cancellation.Id, Reason = cancellation.Reason, Count = cancellation.Tags.Count,
            CancelledAt = cancellation.CancelledAt, ContentHash = hash, JournalId = journalId,
        });
        context.Journal.Links.Add(new JournalLink { EntityType = "tag-cancellation", EntityKey = cancellation.Id });
        db.Outbox.Add(OutboxWriter.Item(Destinations.NationalCloudCancellations, "tag-cancellation:" + cancellation.Id,
            JsonSerializer.Serialize(cancellation, CanonicalJson.Options), context));
        return HandlerResult.Accepted(new { cancelled = cancellation.Tags.Count });
    }
}
