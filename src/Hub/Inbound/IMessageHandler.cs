using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Inbound;

/// <summary>The hub's handler of one type of partner message, found by source and type (routes bind it; replays look it up).</summary>
public interface IMessageHandler
{
    string Source { get; }
    string Type { get; }
}

/// <summary>
/// A handler that stages its writes on the pipeline's unit of work (registry farms, stock registration, sheets, stock
/// changes): it validates, maps and writes on <see cref="HandlerContext.Db"/>, and the pipeline commits the changes,
/// the journal row and the outbox rows together. A refusal must stage nothing.
/// </summary>
public interface IUnitOfWorkHandler : IMessageHandler
{
    Task<HandlerResult> HandleAsync(HandlerContext context, CancellationToken ct);
}

/// <summary>
/// A handler in three steps (the ledger's declarations, certificates, issuances and cancellations): it loads every
/// fact its rules need in one round trip (<see cref="LedgerSession.LoadAsync"/>, which opens the transaction), decides
/// in plain C#, and answers the statements that store an accepted decision. The pipeline sends those with the journal
/// row and COMMIT as the second and last round trip.
/// </summary>
public interface IDecidingHandler : IMessageHandler
{
    Task<HandlerResult> LoadAndDecideAsync(LedgerSession session, InboundMessage message, DateTimeOffset now, CancellationToken ct);
}

public sealed record HandlerContext(HubDbContext Db, InboundMessage Message, JournalEntry Journal, DateTimeOffset Now)
{
    /// <summary>
    /// The journal entry's id, for handlers that write rows of their own with SQL and need it before the pipeline writes
    /// the entry: the id is reserved from the journal's sequence, and the pipeline inserts the entry under it at the end,
    /// once, in the same transaction.
    /// </summary>
    public async Task<long> JournalIdAsync(CancellationToken ct)
    {
        if (Journal.Id == 0)
        {
            await using var cmd = MessageSql.Command(Db, Persistence.Tables.JournalTable.NextIdSql);
            Journal.Id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
        return Journal.Id;
    }
}

public sealed record HandlerResult(InboundVerdict Verdict, IReadOnlyList<InboundReason> Reasons, object? Summary = null)
{
    /// <summary>Extra fields of the partner's answer, e.g. the declaration's <c>jg</c>.</summary>
    public IReadOnlyDictionary<string, object?>? Answer { get; init; }

    /// <summary>The statements that store an accepted decision (<see cref="IDecidingHandler"/>); sent with the journal row.</summary>
    public IReadOnlyList<(string Sql, NpgsqlParameter[] Parameters)> Writes { get; init; } = [];

    /// <summary>The canonical entities the message changed, linked from its journal entry (<see cref="IDecidingHandler"/>).</summary>
    public IReadOnlyList<(string EntityType, string EntityKey)> Links { get; init; } = [];

    /// <summary>Whether <see cref="Writes"/> hold outbox rows, so the relay has something to send (<see cref="IDecidingHandler"/>).</summary>
    public bool Announces { get; init; }

    /// <summary>The partner's own id of the message (sbdh, zmbh, ffid, zxid), named on its journal entry.</summary>
    public string? PartnerId { get; init; }

    public static HandlerResult Accepted(object? summary = null) => new(InboundVerdict.Accepted, [], summary);
    public static HandlerResult Malformed(IReadOnlyList<InboundReason> reasons) => new(InboundVerdict.Malformed, reasons);
    public static HandlerResult Refused(IReadOnlyList<InboundReason> reasons) => new(InboundVerdict.Refused, reasons);
}
