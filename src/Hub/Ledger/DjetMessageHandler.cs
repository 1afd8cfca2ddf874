using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Mappings;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Ledger;

/// <summary>
/// The common front of every 动监e通 push: map the raw message (schema + mapping, all violations named by path) and
/// hand the canonical record to the message's rules.
/// </summary>
public abstract class DjetMessageHandler<T>(string type, Func<PartnerBody, MappingResult<T>> map) : IUnitOfWorkHandler
    where T : class
{
    public string Source => PartnerNames.Djet;
    public string Type => type;

    public async Task<HandlerResult> HandleAsync(HandlerContext context, CancellationToken ct)
    {
        var mapped = map(context.Message.Body());
        if (!mapped.IsValid)
            return HandlerResult.Malformed(mapped.Violations.Select(v => new InboundReason(v.Code, v.Message, v.Path)).ToList());
        // The ledger's range look-ups plan better generically (see LedgerSession), here as on the three-step path.
        await MessageSql.ExecuteAsync(context.Db, "set local plan_cache_mode = force_generic_plan", ct);
        return await ApplyAsync(context, mapped.Value!, ct);
    }

    protected abstract Task<HandlerResult> ApplyAsync(HandlerContext context, T message, CancellationToken ct);

    /// <summary>Hash of the canonical content: the same partner id with other content is refused, not applied.</summary>
    protected static string ContentHash(T message) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, CanonicalJson.Options))));

    /// <summary>
    /// "The same message id sent twice is answered as the first time and applied once; the same id with other content
    /// is refused" (docs/partners.md, 动监e通), for every 动监e通 message keyed by its own id: names the id on the journal
    /// entry, and answers the repeat when the owner's <paramref name="firstApplied"/> (content_hash, journal_id of the row
    /// keyed by @id) finds the id, or null for a first sending.
    /// </summary>
    protected static async Task<(HandlerResult? Repeat, string Hash)> FirstTimeAsync(
        HandlerContext context, string firstApplied, string id, T message, CancellationToken ct)
    {
        context.Journal.PartnerId = id;
        var hash = ContentHash(message);
        var first = await MessageSql.QueryAsync(context.Db, firstApplied,
            r => new FirstApplied(r.GetString(0), r.IsDBNull(1) ? null : r.GetInt64(1)), ct, MessageSql.P("id", id));
        return (first.Count == 0 ? null : Repeat(id, first[0].ContentHash == hash, first[0].JournalId), hash);
    }

    protected static HandlerResult Repeat(string id, bool sameContent, long? firstJournalId) =>
        sameContent
            ? HandlerResult.Accepted(new { duplicate = true, firstHubId = firstJournalId?.ToString() })
            : HandlerResult.Refused([new InboundReason(TagCodes.IdReusedWithOtherContent,
                $"id {id} was already applied (hub id {firstJournalId}) with other content; a changed message needs a new id")]);
}
