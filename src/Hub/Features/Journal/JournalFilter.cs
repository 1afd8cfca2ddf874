using EarTagTrace.Hub.Persistence;
using Npgsql;

namespace EarTagTrace.Hub.Features.Journal;

/// <summary>
/// The journal's search filters, shared by the list (GET /api/journal) and replay runs (POST /api/replays), so a run
/// replays exactly what the list showed. <see cref="Key"/> is any business key the message named (farm code, tag,
/// message id, plate, unit code); a tag also finds the messages whose ranges hold it. <see cref="Q"/> searches the raw
/// body (at least 3 characters): refused and failed bodies at once, accepted ones once the search indexer copied them.
/// </summary>
public sealed record JournalFilter(
    string? Source = null, string? Type = null, string? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    string? Farm = null, string? PartnerId = null, string? Key = null, string? Q = null)
{
    public const int MinTextLength = 3;
    public const int MaxTextLength = 200;

    /// <summary>A 400 naming the bad filter, or null with the parsed status.</summary>
    public IResult? Check(out JournalStatus? status)
    {
        status = null;
        if (Status is not null)
        {
            if (!Enum.TryParse<JournalStatus>(Status, ignoreCase: true, out var s) || !Enum.IsDefined(s))
                return Results.Problem(statusCode: 400, title: "INVALID_STATUS",
                    detail: $"status must be one of {string.Join(", ", Enum.GetNames<JournalStatus>())}");
            status = s;
        }
        if (Q is not null && (Q.Trim().Length < MinTextLength || Q.Length > MaxTextLength))
            return Results.Problem(statusCode: 400, title: "TEXT_SEARCH_LENGTH",
                detail: $"q must hold {MinTextLength} to {MaxTextLength} characters: shorter text cannot use the index");
        if (Key is { } k && (k.Trim().Length == 0 || k.Length > 64))
            return Results.Problem(statusCode: 400, title: "KEY_INVALID", detail: "key must hold 1 to 64 characters");
        foreach (var text in new[] { Source, Type, Farm, PartnerId, Key, Q })
            if (text is not null && text.Contains('\0'))
                return Results.Problem(statusCode: 400, title: "TEXT_NUL", detail: "a filter holds a NUL character");
        return null;
    }

    public IQueryable<JournalEntry> Apply(HubDbContext db, JournalStatus? status)
    {
        // Key and farm look into the arrays with @> so PostgreSQL uses their GIN and GiST indexes; LINQ would say = ANY.
        var clauses = new List<string>();
        var parameters = new List<object>();
        if (Key?.Trim() is { Length: > 0 } key)
        {
            parameters.Add(new NpgsqlParameter("key", key));
            if (JournalKeyExtractor.Tag(key) is { } tag)
            {
                parameters.Add(new NpgsqlParameter("tag", tag));
                clauses.Add("(keys @> array[@key]::text[] or tag_ranges @> @tag::bigint)");
            }
            else clauses.Add("keys @> array[@key]::text[]");
        }
        if (Farm?.Trim() is { Length: > 0 } farm)
        {
            parameters.Add(new NpgsqlParameter("farm", farm));
            clauses.Add(Persistence.Tables.JournalTable.NamesFarmClause);
        }
        // q= reads the refused and failed bodies (the journal's partial trigram index) and the accepted ones the search
        // indexer copied (journal_search): an accepted body becomes searchable seconds after acceptance.
        if (Q?.Trim() is { Length: > 0 } text)
        {
            parameters.Add(new NpgsqlParameter("q", "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%"));
            clauses.Add(Persistence.Tables.JournalTable.TextClause);
        }
        // A tag search goes through the GIN and GiST indexes first, then sorts its few matches: PostgreSQL has no useful
        // estimate for tag_ranges @> tag and would otherwise walk the primary key backwards for the newest 50, reading
        // the whole journal for a tag named once (0.4 s at 500,000 entries, JournalBench). OFFSET 0 keeps the outer
        // ORDER BY and LIMIT out of the subquery.
        var fence = Key is not null && JournalKeyExtractor.Tag(Key.Trim()) is not null ? " offset 0" : "";
        // Only the fixed clauses above are joined into the SQL; every value travels as a parameter.
#pragma warning disable EF1003
        var query = clauses.Count == 0
            ? db.Journal.AsNoTracking()
            : db.Journal.FromSqlRaw(Persistence.Tables.JournalTable.FilteredSelect + string.Join(" and ", clauses) + fence, [.. parameters]).AsNoTracking();
#pragma warning restore EF1003

        if (Source is not null) query = query.Where(j => j.Source == Source);
        if (Type is not null) query = query.Where(j => j.Type == Type);
        if (status is not null) query = query.Where(j => j.Status == status);
        // Any offset is accepted at the edge; Npgsql writes only UTC instants to timestamptz (else a 500).
        var from = From?.ToUniversalTime();
        var to = To?.ToUniversalTime();
        if (from is not null) query = query.Where(j => j.ReceivedAt >= from);
        if (to is not null) query = query.Where(j => j.ReceivedAt < to);
        if (PartnerId is not null) query = query.Where(j => j.PartnerId == PartnerId);
        return query;
    }
}
