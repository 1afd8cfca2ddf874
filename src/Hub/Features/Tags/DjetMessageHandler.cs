using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Hub.Features.Tags;

/// <summary>
/// The common front of every 动监e通 push: map the raw message (schema + mapping, all violations named by path) and
/// hand the canonical record to the message's rules.
/// </summary>
public abstract class DjetMessageHandler<T>(string type, Func<string, MappingResult<T>> map) : IMessageHandler
    where T : class
{
    public string Source => PartnerNames.Djet;
    public string Type => type;

    public Task<HandlerResult> HandleAsync(HandlerContext context, CancellationToken ct)
    {
        var mapped = map(context.Message.RawBody);
        if (!mapped.IsValid)
            return Task.FromResult(HandlerResult.Malformed(
                mapped.Violations.Select(v => new InboundReason(v.Code, v.Message, v.Path)).ToList()));
        return ApplyAsync(context, mapped.Value!, ct);
    }

    protected abstract Task<HandlerResult> ApplyAsync(HandlerContext context, T message, CancellationToken ct);

    /// <summary>Tags named more than once in one message, each listed once.</summary>
    protected static List<string> Repeated(IEnumerable<string> tags) =>
        tags.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

    /// <summary>Hash of the canonical content: the same partner id with other content is refused, not applied.</summary>
    protected static string ContentHash(T message) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, CanonicalJson.Options))));

    /// <summary>"The same message id sent twice is answered as the first time and applied once" (docs/partners.md, 动监e通).</summary>
    protected static HandlerResult Repeat(string id, string storedHash, string hash, long? firstJournalId) =>
        Repeat(id, storedHash == hash, firstJournalId);

    protected static HandlerResult Repeat(string id, bool sameContent, long? firstJournalId) =>
        sameContent
            ? HandlerResult.Accepted(new { duplicate = true, firstHubId = firstJournalId?.ToString() })
            : HandlerResult.Refused([new InboundReason(TagCodes.IdReusedWithOtherContent,
                $"id {id} was already applied (hub id {firstJournalId}) with other content; a changed message needs a new id")]);
}
