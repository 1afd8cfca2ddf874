using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Ledger;

/// <summary>
/// Where one tag of a declaration or certificate stands: who holds it, which township's stock it entered (first-issued
/// to it, or, never first-issued, registered by the township itself), and what became of it individually. Built from
/// the ledger rows overlapping a message's tags (<see cref="TagLedgerTables.StandingSql"/>, one probe per range).
/// </summary>
public sealed record TagStanding(
    long Tag, HolderType? HolderType, string? HolderCode, string? Township, string? DeclaredIn, string? UsedIn, string? CancelledIn)
{
    /// <summary>The tags as ranges, consecutive tags merged: a message's tags become this many rows, not one per tag.</summary>
    public static List<TagRange> RangesOf(IEnumerable<long> tags) => TagRange.Merge(tags.Select(t => new TagRange(t, t)));

    /// <summary>Places <paramref name="tags"/> in the ledger rows that overlap them (pure: no I/O).</summary>
    public static Dictionary<long, TagStanding> Place(IEnumerable<long> tags, IReadOnlyList<TagLedgerTables.StandingRow> rows)
    {
        var sorted = tags.Distinct().Order().ToArray();
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
