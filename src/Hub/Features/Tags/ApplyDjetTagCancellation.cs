using System.Text.Json;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Npgsql;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>
/// 注销 cancels issued tags (死亡/屠宰/遗失/损坏): each leaves its holder's range for good and becomes a cancelled tag
/// (one tag_event row of kind Cancelled per holder, its tags an int8multirange), never to come back: an exclusion
/// constraint allows one cancellation per tag. No county lock: the holdings it cuts are deleted by id, and a message
/// that changed one of them first makes this one apply again on the new state.
/// </summary>
public sealed class ApplyDjetTagCancellation()
    : DjetMessageHandler<CanonicalCancellation>(DjetMessageTypes.TagCancellation, DjetTagCancellationMapping.ToCanonical)
{
    protected override async Task<HandlerResult> ApplyAsync(HandlerContext context, CanonicalCancellation cancellation, CancellationToken ct)
    {
        var db = context.Db;
        var (repeat, hash) = await FirstTimeAsync(context, "tag_cancellation", "id", cancellation.Id, cancellation, ct);
        if (repeat is not null) return repeat;

        var found = await MessageSql.QueryAsync(db, $"""
            select u.t, {HoldingRow.Columns}, g.registrar_code, c.ref_id
            from unnest(@t) as u(t)
            left join tag_holding h on h.tag_range @> u.t
            left join tag_registration g on g.id = h.registration_id
            left join tag_event c on c.kind = 'Cancelled' and c.tags @> u.t
            """, r => (Tag: r.GetInt64(0), Holding: r.IsDBNull(1) ? null : HoldingRow.Read(r, 1),
                Registrar: r.IsDBNull(11) ? null : r.GetString(11), CancelledBy: r.IsDBNull(12) ? null : r.GetString(12)),
            ct, MessageSql.P("t", cancellation.Tags.ToArray()));

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
        var holdingIds = found.Select(f => f.Holding!.Id).Distinct().ToArray();
        var statements = new List<(string, NpgsqlParameter[])>
        {
            ("delete from tag_holding where id = any(@ids)", [MessageSql.P("ids", holdingIds)]),
            ("""
             insert into tag_event (tags, kind, ref_id, holder_type, holder_code, at, journal_id)
             select range_agg(int8range(t, t, '[]')), 'Cancelled', @id, ht, hc, @at, @journal
             from unnest(@t, @ht, @hc) as u(t, ht, hc) group by ht, hc
             """,
             [
                 MessageSql.P("t", found.Select(f => f.Tag).ToArray()), MessageSql.P("ht", found.Select(f => f.Holding!.HolderType.ToString()).ToArray()),
                 MessageSql.P("hc", found.Select(f => f.Holding!.HolderCode).ToArray()), MessageSql.P("id", cancellation.Id),
                 MessageSql.P("at", cancellation.CancelledAt), MessageSql.P("journal", journalId),
             ]),
            ("""
             insert into tag_cancellation (id, reason, count, cancelled_at, content_hash, journal_id)
             values (@id, @reason, @count, @at, @hash, @journal)
             """,
             [
                 MessageSql.P("id", cancellation.Id), MessageSql.P("reason", cancellation.Reason.ToString()),
                 MessageSql.P("count", cancellation.Tags.Count), MessageSql.P("at", cancellation.CancelledAt),
                 MessageSql.P("hash", hash), MessageSql.P("journal", journalId),
             ]),
        };
        if (inserts.Count > 0) statements.Add(inserts.Statement(cancellation.CancelledAt, journalId));
        statements.Add(OutboxWriter.Item(Destinations.NationalCloudCancellations, "tag-cancellation:" + cancellation.Id,
            JsonSerializer.Serialize(cancellation, CanonicalJson.Options), context));
        await using (var batch = LedgerSql.Batch(db, [.. statements]))
        {
            await batch.ExecuteNonQueryAsync(ct);
            if (batch.BatchCommands[0].RecordsAffected != holdingIds.Length)
                throw LedgerSql.Conflict($"cancellation {cancellation.Id}: a holding it cuts was changed by another message meanwhile");
        }

        context.Journal.Links.Add(new JournalLink { EntityType = "tag-cancellation", EntityKey = cancellation.Id });
        return HandlerResult.Accepted(new { cancelled = cancellation.Tags.Count });
    }
}
