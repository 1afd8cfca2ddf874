using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Ledger;

/// <summary>
/// Where each tag of a declaration or certificate stands: who holds it, which township's stock it entered (by first
/// issuance, or registered by the township itself), and what became of it individually. One query, one probe per
/// range of the message's tags (not per tag): each ledger table answers the rows overlapping the tags, and the tags
/// are placed in them here. The detailed answer of a refusal; an accepted message is checked in its own statement.
/// </summary>
public sealed record TagStanding(
    long Tag, HolderType? HolderType, string? HolderCode, string? Township, string? DeclaredIn, string? UsedIn, string? CancelledIn)
{
    /// <summary>The tags as ranges, consecutive tags merged: a message's tags become this many rows, not one per tag.</summary>
    public static List<TagRange> RangesOf(IEnumerable<long> tags) => TagRange.Merge(tags.Select(t => new TagRange(t, t)));

    private const string Sql = """
        select 0, lower(h.tag_range), upper(h.tag_range) - 1, h.holder_type, h.holder_code
          from tag_holding h where h.tag_range && @m
        union all
        select 1, lower(x.tag_range), upper(x.tag_range) - 1, i.receiver_code, null
          from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id where x.tag_range && @m and i.kind = 'First'
        union all
        select 2, lower(g.tag_range), upper(g.tag_range) - 1, g.registrar_code, null
          from tag_registration g where g.tag_range && @m and g.registrar_type = 'Township'
        union all
        select 3, lower(r), upper(r) - 1, e.ref_id, null
          from tag_event e, unnest(e.tags) as r where e.kind = 'Declared' and e.tags && @m and r && @m
        union all
        select 4, lower(r), upper(r) - 1, e.ref_id, null
          from tag_event e, unnest(e.tags) as r where e.kind = 'Used' and e.tags && @m and r && @m
        union all
        select 5, lower(r), upper(r) - 1, e.ref_id, null
          from tag_event e, unnest(e.tags) as r where e.kind = 'Cancelled' and e.tags && @m and r && @m
        """;

    public static async Task<Dictionary<long, TagStanding>> LoadAsync(HubDbContext db, IReadOnlyCollection<long> tags, CancellationToken ct)
    {
        if (tags.Count == 0) return [];
        var sorted = tags.Distinct().Order().ToArray();
        var rows = await MessageSql.QueryAsync(db, Sql,
            r => (Source: r.GetInt32(0), Range: new TagRange(r.GetInt64(1), r.GetInt64(2)), A: r.GetString(3), B: r.IsDBNull(4) ? null : r.GetString(4)),
            ct, LedgerSql.Multirange("m", RangesOf(sorted)));

        var holderType = new HolderType?[sorted.Length];
        var holderCode = new string?[sorted.Length];
        var firstIssued = new string?[sorted.Length];
        var townshipRegistered = new string?[sorted.Length];
        var declared = new string?[sorted.Length];
        var used = new string?[sorted.Length];
        var cancelled = new string?[sorted.Length];
        foreach (var (source, range, a, b) in rows)
        {
            var i = Array.BinarySearch(sorted, range.First);
            if (i < 0) i = ~i;
            for (; i < sorted.Length && sorted[i] <= range.Last; i++)
            {
                switch (source)
                {
                    case 0: holderType[i] = Enum.Parse<HolderType>(a); holderCode[i] = b; break;
                    case 1: firstIssued[i] ??= a; break;
                    case 2: townshipRegistered[i] ??= a; break;
                    case 3: declared[i] = a; break;
                    case 4: used[i] = a; break;
                    default: cancelled[i] = a; break;
                }
            }
        }
        var standing = new Dictionary<long, TagStanding>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
            standing[sorted[i]] = new TagStanding(sorted[i], holderType[i], holderCode[i], firstIssued[i] ?? townshipRegistered[i],
                declared[i], used[i], cancelled[i]);
        return standing;
    }
}
