using EarTagTrace.Mappings.Canonical;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>
/// A set of ear tags as sorted, disjoint, non-adjacent inclusive ranges: what an <c>int8multirange</c> is in the
/// database, with the few set operations a trace needs done in memory on a place's handful of rows.
/// </summary>
public sealed class TagSet
{
    public static readonly TagSet Empty = new([]);

    private TagSet(List<TagRange> ranges) => Ranges = ranges;

    public IReadOnlyList<TagRange> Ranges { get; }

    public long Count => Ranges.Sum(r => r.Count);
    public bool IsEmpty => Ranges.Count == 0;

    public static TagSet Of(IEnumerable<TagRange> ranges) => new(TagRange.Merge(ranges));
    public static TagSet Of(params TagRange[] ranges) => Of((IEnumerable<TagRange>)ranges);

    /// <summary>From an int8multirange (or int8range[]) as Npgsql reads it: canonical <c>[lower, upper)</c> bounds.</summary>
    public static TagSet FromPg(IEnumerable<NpgsqlRange<long>> ranges) => Of(ranges.Where(r => !r.IsEmpty).Select(r =>
        new TagRange(r.LowerBoundIsInclusive ? r.LowerBound : r.LowerBound + 1, r.UpperBoundIsInclusive ? r.UpperBound : r.UpperBound - 1)));

    public TagSet Union(TagSet other) => Of(Ranges.Concat(other.Ranges));

    public TagSet Intersect(TagSet other)
    {
        var result = new List<TagRange>();
        int i = 0, j = 0;
        while (i < Ranges.Count && j < other.Ranges.Count)
        {
            var a = Ranges[i];
            var b = other.Ranges[j];
            var first = Math.Max(a.First, b.First);
            var last = Math.Min(a.Last, b.Last);
            if (first <= last) result.Add(new TagRange(first, last));
            if (a.Last < b.Last) i++; else j++;
        }
        return new TagSet(result);
    }

    public TagSet Except(TagSet other)
    {
        if (other.IsEmpty || IsEmpty) return this;
        var result = new List<TagRange>();
        foreach (var r in Ranges) result.AddRange(TagRange.Missing(r, other.Ranges));
        return new TagSet(result);
    }

    public bool Overlaps(TagSet other) => !Intersect(other).IsEmpty;

    public bool Contains(long tag) => Ranges.Any(r => r.Contains(tag));

    public override string ToString() => string.Join(",", Ranges);
}
