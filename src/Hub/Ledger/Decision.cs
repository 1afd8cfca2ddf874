using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Persistence.Tables;

namespace EarTagTrace.Hub.Ledger;

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
