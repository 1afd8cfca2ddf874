namespace EarTagTrace.Hub.Features.Traces;

/// <summary>A stay of tags at a farm: from the first evidence of them there to their departure (or the window's end).</summary>
public sealed record Stay(string Farm, DateTimeOffset From, DateTimeOffset To);

public enum MoveKind { Certificate, TurnedUp }

/// <summary>
/// Tags leaving a place: on a certificate (to its destination, a registered farm when 到达地养殖场编码 names one), or
/// turning up at another farm without one (issued, declared, held or certified there later).
/// </summary>
public sealed record Move(MoveKind Kind, string FromFarm, string? Certificate, DateTimeOffset At, TagSet Tags,
    string? ToFarm, string? DestinationCode, string? DestinationAddress);

/// <summary>
/// The decisions of an outbreak trace, pure and without I/O: where tags stayed, who lived with them, where those went.
/// The rules, in the words of the issue: back (every place the animal lived in the window), co-resident 同群 (the tags at
/// each such place in an overlapping period), forward (certificates out of those places and tags turning up elsewhere).
/// </summary>
public static class TracePlanner
{
    /// <summary>
    /// The farms a set of tags stayed at that overlap the window [<paramref name="from"/>, <paramref name="to"/>], each
    /// clipped to it. The tags are taken as a group (one tag, or one certificate's animals): each piece of evidence at
    /// another farm closes the stay before it, a certificate out closes the stay at its farm.
    /// </summary>
    public static List<Stay> Stays(IEnumerable<Sighting> sightings, DateTimeOffset from, DateTimeOffset to)
    {
        var stays = new List<Stay>();
        string? farm = null;
        var since = DateTimeOffset.MinValue;
        foreach (var s in InOrder(sightings.Where(s => s.At <= to), certifiedOutFirst: true))
        {
            if (farm != s.Farm)
            {
                if (farm is not null) stays.Add(new Stay(farm, since, s.At));
                farm = s.Farm;
                since = s.At;
            }
            if (s.Kind == SightingKind.CertifiedOut)
            {
                stays.Add(new Stay(farm, since, s.At));
                farm = null;
            }
        }
        if (farm is not null) stays.Add(new Stay(farm, since, to));
        return stays.Where(s => s.To >= from)
            .Select(s => s with { From = s.From < from ? from : s.From })
            .ToList();
    }

    /// <summary>
    /// 同群 the tags at a farm during [<paramref name="from"/>, <paramref name="to"/>]: every tag seen there by the end of
    /// the period, less those certified out before it began.
    /// </summary>
    public static TagSet CoResidents(IEnumerable<Sighting> atFarm, DateTimeOffset from, DateTimeOffset to)
    {
        var present = TagSet.Empty;
        var gone = TagSet.Empty;
        foreach (var s in atFarm)
        {
            if (s.Kind == SightingKind.CertifiedOut && s.At < from) gone = gone.Union(s.Tags);
            else if (s.At <= to) present = present.Union(s.Tags);
        }
        return present.Except(gone);
    }

    /// <summary>
    /// Evidence in time order, ties broken the same way whatever order the database returned the rows in: (for a stay) a
    /// certificate out first, since it closes the stay before anything else at that instant, then by kind, then by farm code.
    /// </summary>
    private static IEnumerable<Sighting> InOrder(IEnumerable<Sighting> sightings, bool certifiedOutFirst) =>
        sightings.OrderBy(s => s.At).ThenBy(s => certifiedOutFirst && s.Kind == SightingKind.CertifiedOut ? 0 : 1)
            .ThenBy(s => s.Kind).ThenBy(s => s.Farm, StringComparer.Ordinal);

    /// <summary>When tags that arrived at a farm at <paramref name="arrived"/> left it again: their first certificate out, or null.</summary>
    public static DateTimeOffset? Departure(IEnumerable<Sighting> atFarm, TagSet tags, DateTimeOffset arrived) =>
        atFarm.Where(s => s.Kind == SightingKind.CertifiedOut && s.At >= arrived && s.Tags.Overlaps(tags))
            .Select(s => (DateTimeOffset?)s.At).Min();

    /// <summary>
    /// Where the co-residents of <paramref name="farm"/> went from <paramref name="from"/> on: each certificate out of
    /// the farm with its share of them, then, for the tags that left without one, the first farm each turned up at.
    /// </summary>
    public static List<Move> Forward(string farm, TagSet residents, DateTimeOffset from, DateTimeOffset until,
        IEnumerable<Sighting> atFarm, IEnumerable<Sighting> residentsElsewhere)
    {
        var moves = new List<Move>();
        var certified = TagSet.Empty;
        foreach (var s in atFarm.Where(s => s.Kind == SightingKind.CertifiedOut && s.At >= from && s.At <= until).OrderBy(s => s.At))
        {
            var tags = s.Tags.Intersect(residents);
            if (tags.IsEmpty) continue;
            certified = certified.Union(tags);
            moves.Add(new Move(MoveKind.Certificate, farm, s.Ref, s.At, tags, s.DestinationFarm, s.DestinationCode, s.DestinationAddress));
        }

        // Tags that left by certificate are followed through its destination; the rest, wherever they turned up first.
        var remaining = residents.Except(certified);
        var turnedUp = new Dictionary<string, (DateTimeOffset At, TagSet Tags)>();
        foreach (var s in InOrder(residentsElsewhere
                     .Where(s => s.Farm != farm && s.At > from && s.At <= until
                                 && !(s.Kind == SightingKind.CertifiedIn && s.OriginFarm == farm)), certifiedOutFirst: false))
        {
            if (remaining.IsEmpty) break;
            var tags = s.Tags.Intersect(remaining);
            if (tags.IsEmpty) continue;
            remaining = remaining.Except(tags);
            turnedUp[s.Farm] = turnedUp.TryGetValue(s.Farm, out var seen) ? (seen.At, seen.Tags.Union(tags)) : (s.At, tags);
        }
        moves.AddRange(turnedUp.OrderBy(t => t.Value.At)
            .Select(t => new Move(MoveKind.TurnedUp, farm, null, t.Value.At, t.Value.Tags, t.Key, null, null)));
        return moves;
    }
}
