using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;
using Npgsql;

namespace EarTagTrace.Hub.Ledger;

/// <summary>
/// The three steps of a 动监e通 ledger message. Map the body (schema and mapping, every violation by path); <c>Load</c>
/// every fact the rules need in one round trip (with the first sending of the message's id); <c>Decide</c> in plain C#
/// (each handler's public static Decide, which the unit tests call without a database);
/// <c>Store</c> an accepted decision as statements through the tables' owners, which the pipeline sends with the
/// journal row and COMMIT. A repeated id is answered as the first time and applied once; the same id with other content
/// is refused (docs/partners.md, 动监e通).
/// </summary>
public abstract class DjetDecidingHandler<TMessage, TFacts, TRows>(
    string type, Func<PartnerBody, MappingResult<TMessage>> map, Func<string?, string?> partnerPath,
    Func<TFacts, TMessage, DateTimeOffset, Decision<TRows>> decide) : IDecidingHandler
    where TMessage : class where TRows : class
{
    public string Source => PartnerNames.Djet;
    public string Type => type;

    /// <summary>
    /// True for a message that rewrites rows it read (holdings split or cut): its load locks them under repeatable
    /// read, so a row another message changed since the snapshot is a serialization conflict, applied again.
    /// </summary>
    protected virtual bool RewritesWhatItReads => false;

    protected abstract string IdOf(TMessage message);

    /// <summary>The load's statements: one round trip with the transaction's opening.</summary>
    protected abstract IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Load(TMessage message);

    /// <summary>Reads the load's results, from its first statement's on.</summary>
    protected abstract Task<(TFacts Facts, FirstApplied? First)> ReadAsync(NpgsqlDataReader reader, TMessage message, CancellationToken ct);

    /// <summary>The statements that write <paramref name="rows"/>, each through its table's owner.</summary>
    protected abstract IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Store(TRows rows, long journalId, DateTimeOffset now);

    /// <summary>Extra fields of the answer (the declaration's <c>jg</c>), accepted or not.</summary>
    protected virtual IReadOnlyDictionary<string, object?>? Answer(bool accepted) => null;

    public async Task<HandlerResult> LoadAndDecideAsync(LedgerSession session, InboundMessage message, DateTimeOffset now, CancellationToken ct)
    {
        var mapped = map(message.Body());
        if (!mapped.IsValid)
            return HandlerResult.Malformed([.. mapped.Violations.Select(v => new InboundReason(v.Code, v.Message, v.Path))]);
        var m = mapped.Value!;
        var id = IdOf(m);
        var (facts, first) = await session.LoadAsync(RewritesWhatItReads, Load(m), r => ReadAsync(r, m, ct), ct);
        var hash = ContentHash(m);
        if (first is not null)
            return Repeat(id, first, hash) with { PartnerId = id, Answer = Answer(first.ContentHash == hash) };

        var decision = decide(facts, m, now);
        if (!decision.IsAccepted)
            return HandlerResult.Refused([.. decision.Reasons.Select(r => r with { Path = partnerPath(r.Path) })])
                with { PartnerId = id, Answer = Answer(false) };
        var writes = Store(decision.Rows!, session.JournalId, now).ToList();
        if (decision.Announcements.Count > 0) writes.Add(OutboxTable.Insert(decision.Announcements, session.JournalId, now));
        return HandlerResult.Accepted(decision.Summary) with
        {
            PartnerId = id, Writes = writes, Links = decision.Links, Answer = Answer(true), Announces = decision.Announcements.Count > 0,
        };
    }

    /// <summary>Hash of the canonical content: the same partner id with other content is refused, not applied.</summary>
    public static string ContentHash(TMessage message) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, CanonicalJson.Options))));

    /// <summary>Reads a first sending (content hash, journal id) at <paramref name="at"/>, or null when the row is empty.</summary>
    protected static FirstApplied? ReadFirst(NpgsqlDataReader r, int at) =>
        r.IsDBNull(at) ? null : new FirstApplied(r.GetString(at), r.IsDBNull(at + 1) ? null : r.GetInt64(at + 1));

    private static HandlerResult Repeat(string id, FirstApplied first, string hash) =>
        first.ContentHash == hash
            ? HandlerResult.Accepted(new { duplicate = true, firstHubId = first.JournalId?.ToString() })
            : HandlerResult.Refused([new InboundReason(TagCodes.IdReusedWithOtherContent,
                $"id {id} was already applied (hub id {first.JournalId}) with other content; a changed message needs a new id")]);
}

/// <summary>A partner id as first applied: the hash of its content and the journal entry that applied it.</summary>
public sealed record FirstApplied(string ContentHash, long? JournalId);

/// <summary>
/// What a rule's <c>Decide</c> answers, a value with no I/O behind it: accepted, with the rows to write and the
/// announcements to make, or refused with every reason at once. Reasons name canonical fields (<c>FarmCode</c>,
/// <c>Tags</c>); the partner's mapping turns them into its own paths.
/// </summary>
public sealed record Decision<TRows> where TRows : class
{
    /// <summary>The rows to write; null when refused.</summary>
    public TRows? Rows { get; private init; }
    public IReadOnlyList<InboundReason> Reasons { get; private init; } = [];
    /// <summary>Outbox items: what partners must learn about the change.</summary>
    public IReadOnlyList<OutboxTable.Item> Announcements { get; init; } = [];
    /// <summary>What the journal entry and the answer say the message changed.</summary>
    public object? Summary { get; private init; }
    /// <summary>The canonical entities the message changed, linked from its journal entry.</summary>
    public IReadOnlyList<(string EntityType, string EntityKey)> Links { get; init; } = [];

    public bool IsAccepted => Rows is not null;

    public static Decision<TRows> Accept(TRows rows, object summary) => new() { Rows = rows, Summary = summary };

    public static Decision<TRows> Refuse(IReadOnlyList<InboundReason> reasons) =>
        reasons.Count > 0 ? new() { Reasons = reasons } : throw new ArgumentException("a refusal names at least one reason", nameof(reasons));
}
