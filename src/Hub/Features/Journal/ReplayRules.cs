using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// What may be replayed, the same for one entry, a filter run and an approved edit: never a body nobody authenticated
/// (refused at the transport) or one kept only in part; an entry already replayed only when the engineer says force.
/// </summary>
public static class ReplayRules
{
    public const string Unauthenticated = "REPLAY_OF_UNAUTHENTICATED_MESSAGE";
    public const string Truncated = "REPLAY_OF_TRUNCATED_BODY";
    public const string Pruned = "REPLAY_OF_PRUNED_BODY";
    public const string Unreadable = "REPLAY_OF_UNREADABLE_BODY";
    public const string AlreadyReplayed = "ALREADY_REPLAYED";
    public const int MaxReason = 1000;

    /// <summary>The reason an entry can never be replayed, or null.</summary>
    public static (string Code, string Detail)? Never(JournalEntry entry) =>
        // Checked first: a pruned entry has no body left to judge any other rule by.
        entry.BodyPruned
            ? (Pruned, $"entry {entry.Id}'s raw body was removed by the journal retention on {entry.BodyPrunedAt:yyyy-MM-dd}; " +
                       "its metadata, reasons and keys remain, but there is nothing to replay. Ask the partner to send it again.")
        : entry.Unauthenticated
            ? (Unauthenticated, $"entry {entry.Id} was refused at the transport (its signature was missing or wrong, or its appKey unknown); " +
                                "nobody showed it came from the partner, so it cannot be replayed. Ask the partner to send it again, signed.")
            : entry.BodyTruncated
                ? (Truncated, $"entry {entry.Id} keeps only the first part of an oversized refused body; the partner must send it again")
                // The journal keeps such a body with U+FFFD where its bytes were not UTF-8: replaying that would apply other text.
                : entry.Reasons?.Contains($"\"{Adapters.Inbound.SignedInbound.BodyNotUtf8}\"", StringComparison.Ordinal) == true
                    ? (Unreadable, $"entry {entry.Id} was not UTF-8 text; what the journal shows is not what was sent, so the partner must send it again")
                    : null;

    public static IResult? RefuseNever(JournalEntry entry) =>
        Never(entry) is { } never ? Results.Problem(statusCode: 409, title: never.Code, detail: never.Detail) : null;

    public static Task<bool> WasReplayedAsync(HubDbContext db, long id, CancellationToken ct) =>
        db.Journal.AnyAsync(j => j.ReplayOf == id, ct);

    public static IResult AlreadyReplayedProblem(long id) =>
        Results.Problem(statusCode: 409, title: AlreadyReplayed,
            detail: $"entry {id} was already replayed (see its lineage in GET /api/journal/{id}); replaying it again may apply it twice. Say force=true if you mean it");

    public static IResult? RefuseReason(string? reason) => reason is { Length: > MaxReason }
        ? Results.Problem(statusCode: 400, title: "REASON_TOO_LONG", detail: $"reason is at most {MaxReason} characters")
        : reason is not null && reason.Contains('\0')
            ? Results.Problem(statusCode: 400, title: "TEXT_NUL", detail: "the reason holds a NUL character")
            : null;
}
