using EarTagTrace.Hub.Features.Tags;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Declarations;

/// <summary>
/// Where each tag of a declaration or certificate stands, in one query: who holds it, which township's stock it
/// entered (by first issuance, or registered by the township itself), and what became of it individually.
/// </summary>
public sealed record TagStanding(
    long Tag, HolderType? HolderType, string? HolderCode, string? Township, string? DeclaredIn, string? UsedIn, string? CancelledIn)
{
    public static async Task<Dictionary<long, TagStanding>> LoadAsync(HubDbContext db, IReadOnlyCollection<long> tags, CancellationToken ct)
    {
        if (tags.Count == 0) return [];
        var rows = await LedgerSql.QueryAsync(db, """
            select u.t, h.holder_type, h.holder_code,
                   coalesce(
                     (select i.receiver_code from tag_issuance_range x join tag_issuance i on i.id = x.issuance_id
                      where x.tag_range @> u.t and i.kind = 'First' limit 1),
                     (select g.registrar_code from tag_registration g where g.tag_range @> u.t and g.registrar_type = 'Township')),
                   (select ref_id from tag_event e where e.tag = u.t and e.kind = 'Declared'),
                   (select ref_id from tag_event e where e.tag = u.t and e.kind = 'Used'),
                   (select ref_id from tag_event e where e.tag = u.t and e.kind = 'Cancelled')
            from unnest(@t) as u(t)
            left join tag_holding h on h.tag_range @> u.t
            """, r =>
            {
                string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
                return new TagStanding(r.GetInt64(0), S(1) is { } type ? Enum.Parse<HolderType>(type) : null, S(2), S(3), S(4), S(5), S(6));
            }, ct, LedgerSql.P("t", tags.ToArray()));
        return rows.ToDictionary(r => r.Tag);
    }
}
