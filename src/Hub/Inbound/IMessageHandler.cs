using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Inbound;

/// <summary>Applies one type of partner message to the canonical model. Runs inside the pipeline's unit of work.</summary>
public interface IMessageHandler : IInboundRule
{
    /// <summary>
    /// Validate, map and stage the changes on <paramref name="context"/>.Db (no SaveChanges: the pipeline commits the
    /// changes, the journal row and the outbox rows together). A refusal must stage nothing.
    /// </summary>
    Task<HandlerResult> HandleAsync(HandlerContext context, CancellationToken ct);
}

public sealed record HandlerContext(HubDbContext Db, InboundMessage Message, JournalEntry Journal, DateTimeOffset Now)
{
    /// <summary>
    /// The journal entry's id, for handlers that write rows of their own with SQL and need it before the pipeline writes
    /// the entry: the id is reserved from the journal's sequence, and the pipeline inserts the entry under it at the end,
    /// once, in the same transaction (references to the journal are checked at commit).
    /// </summary>
    public async Task<long> JournalIdAsync(CancellationToken ct)
    {
        if (Journal.Id == 0)
        {
            await using var cmd = MessageSql.Command(Db, $"select {NextJournalIdSql}");
            Journal.Id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
        return Journal.Id;
    }

    /// <summary>
    /// SQL that reserves a journal id, for a handler that reserves it inside its own statement (saving the round trip
    /// of <see cref="JournalIdAsync"/>) and hands it over with <see cref="UseJournalId"/>. The journal's identity
    /// sequence is journal_id_seq (the partitioning migration keeps that name).
    /// </summary>
    public const string NextJournalIdSql = "nextval('journal_id_seq')";

    /// <summary>The id a handler's statement reserved with <see cref="NextJournalIdSql"/> and wrote its rows under.</summary>
    public void UseJournalId(long id)
    {
        if (Journal.Id != 0 && Journal.Id != id)
            throw new InvalidOperationException($"the journal entry already has id {Journal.Id}; rows were written under {id}");
        Journal.Id = id;
    }
}

public sealed record HandlerResult(InboundVerdict Verdict, IReadOnlyList<InboundReason> Reasons, object? Summary = null)
{
    /// <summary>Extra fields of the partner's answer, e.g. the declaration's <c>jg</c>.</summary>
    public IReadOnlyDictionary<string, object?>? Answer { get; init; }

    public static HandlerResult Accepted(object? summary = null) => new(InboundVerdict.Accepted, [], summary);
    public static HandlerResult Malformed(IReadOnlyList<InboundReason> reasons) => new(InboundVerdict.Malformed, reasons);
    public static HandlerResult Refused(IReadOnlyList<InboundReason> reasons) => new(InboundVerdict.Refused, reasons);
}
