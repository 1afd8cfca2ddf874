using System.Globalization;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>Where a trace begins: a tag's or a certificate's animals, or a farm.</summary>
public sealed record TraceStart(string Text, string Kind, TagSet Tags, string? Farm);

/// <summary>The graph before it is shown: every place reached, and the movements between them.</summary>
public sealed class TraceGraph
{
    public List<TracePlaceState> Places { get; } = [];
    public List<(TracePlaceState From, TracePlaceState To, Move Move)> Movements { get; } = [];
    public TagSet StartTags { get; init; } = TagSet.Empty;
}

public sealed class TracePlaceState
{
    public required string Key { get; init; }
    public required bool IsFarm { get; init; }
    public string? FarmCode { get; init; }
    public string? DestinationCode { get; init; }
    public string? DestinationAddress { get; init; }
    public required int Hop { get; init; }
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public TagSet Incoming { get; set; } = TagSet.Empty;
    public TagSet Animals { get; set; } = TagSet.Empty;
    public FarmFacts? Facts { get; set; }
    public bool InScope { get; set; }
    public bool Expanded { get; set; }

    public string? RegionCode => Facts?.RegionCode ?? DestinationCode;
    public string CountyCode => Facts?.CountyCode ?? (DestinationCode is { Length: >= 6 } d ? d[..6] : DestinationCode ?? "");
}

/// <summary>
/// Runs an outbreak trace hop by hop: the start's places (back), each place's co-residents, and their movements
/// (forward) up to the depth. A place outside the scope is kept (to be counted) but never expanded: the scope cuts the
/// graph at its edge. Each hop is one round trip whatever the number of places (the new farms' details, their
/// evidence and their tags' evidence elsewhere: <see cref="ITraceSource.HopAsync"/>); the first comes with the start's
/// look-up (<see cref="TraceSql.StartAsync"/>), read by the caller before the walk.
/// </summary>
public sealed class OutbreakTracer(ITraceSource source)
{
    /// <param name="first">The start's evidence and the first hop's reads, for every farm that evidence names (a
    /// superset of the start's places in the window).</param>
    public async Task<TraceGraph> TraceAsync(TraceStart start, TraceHop first, DateTimeOffset from, DateTimeOffset to, int depth,
        Func<string?, bool> inScope, CancellationToken ct)
    {
        var graph = new TraceGraph { StartTags = start.Tags };
        var byKey = new Dictionary<string, TracePlaceState>(StringComparer.Ordinal);

        TracePlaceState Farm(string code, int hop, DateTimeOffset since, DateTimeOffset until, TagSet incoming)
        {
            var key = "farm:" + code;
            if (byKey.TryGetValue(key, out var place))
            {
                if (!place.Expanded && place.Hop == hop)
                {
                    if (since < place.From) place.From = since;
                    if (until > place.To) place.To = until;
                    place.Incoming = place.Incoming.Union(incoming);
                }
                return place;
            }
            place = new TracePlaceState { Key = key, IsFarm = true, FarmCode = code, Hop = hop, From = since, To = until, Incoming = incoming };
            byKey[key] = place;
            graph.Places.Add(place);
            return place;
        }

        if (start.Farm is not null && start.Tags.IsEmpty)
            Farm(start.Farm, 0, from, to, TagSet.Empty);
        else
            foreach (var stay in TracePlanner.Stays(first.Start ?? [], from, to))
                Farm(stay.Farm, 0, stay.From, stay.To, start.Tags);
        var next = Place(graph.Places, first, inScope);

        for (var hop = 0; ; hop++)
        {
            var expand = graph.Places.Where(p => p.Hop == hop && p.IsFarm && p.InScope && !p.Expanded).ToList();
            if (expand.Count == 0) break;
            var atFarms = next.AtFarms.ToLookup(s => s.Farm);
            foreach (var place in expand)
            {
                place.Expanded = true;
                var here = atFarms[place.FarmCode!];
                if (hop > 0) place.To = TracePlanner.Departure(here, place.Incoming, place.From) ?? to;
                place.Animals = TracePlanner.CoResidents(here, place.From, place.To).Union(place.Incoming);
            }
            if (hop == depth) break;

            // Evidence of every tag seen at these farms: a superset of their co-residents, cut to them by Forward.
            var elsewhere = next.ByTags;
            var added = new List<TracePlaceState>();
            foreach (var place in expand)
            {
                var mine = elsewhere.Where(s => s.Tags.Overlaps(place.Animals));
                foreach (var move in TracePlanner.Forward(place.FarmCode!, place.Animals, place.From, to, atFarms[place.FarmCode!], mine))
                {
                    TracePlaceState target;
                    if (move.ToFarm is not null)
                    {
                        var known = byKey.ContainsKey("farm:" + move.ToFarm);
                        target = Farm(move.ToFarm, hop + 1, move.At, to, move.Tags);
                        if (!known) added.Add(target);
                    }
                    else
                    {
                        var key = $"dest:{move.DestinationCode}|{move.DestinationAddress}";
                        if (!byKey.TryGetValue(key, out target!))
                        {
                            target = new TracePlaceState
                            {
                                Key = key, IsFarm = false, DestinationCode = move.DestinationCode, DestinationAddress = move.DestinationAddress,
                                Hop = hop + 1, From = move.At, To = move.At, InScope = inScope(move.DestinationCode),
                            };
                            byKey[key] = target;
                            graph.Places.Add(target);
                        }
                        target.Incoming = target.Incoming.Union(move.Tags);
                        target.Animals = target.Incoming;
                    }
                    graph.Movements.Add((place, target, move));
                }
            }
            next = await FetchAsync(added, hop + 1 < depth, to, inScope, ct);
        }

        // Places never expanded (outside the scope, or beyond the depth) still count the animals that reached them.
        foreach (var place in graph.Places.Where(p => p.Animals.IsEmpty)) place.Animals = place.Incoming;
        return graph;
    }

    /// <summary>
    /// The next hop's reads for new places in one round trip: the farms' registry details (and whether each lies in the
    /// scope), the evidence at them, and, when the walk goes on from them, their tags' evidence elsewhere.
    /// </summary>
    private async Task<TraceHop> FetchAsync(List<TracePlaceState> places, bool follow, DateTimeOffset until, Func<string?, bool> inScope,
        CancellationToken ct)
    {
        var farms = places.Where(p => p.IsFarm).ToList();
        var incoming = farms.Aggregate(TagSet.Empty, (all, p) => all.Union(p.Incoming));
        return Place(farms, await source.HopAsync(farms.Select(p => p.FarmCode!).ToList(), incoming, follow, until, ct), inScope);
    }

    /// <summary>Gives the hop's farms their registry details, and whether each lies in the scope.</summary>
    private static TraceHop Place(List<TracePlaceState> places, TraceHop hop, Func<string?, bool> inScope)
    {
        foreach (var place in places.Where(p => p.IsFarm))
        {
            place.Facts = hop.Facts.GetValueOrDefault(place.FarmCode!);
            // A farm the registry never sent has no details to hide: it is shown by its code, wherever it is.
            place.InScope = place.Facts is null || inScope(place.Facts.RegionCode);
        }
        return hop;
    }

    /// <summary>The graph as the caller may see it: details inside the scope, county codes and counts outside it.</summary>
    public static TraceView View(TraceGraph graph, TraceStart start, int days, int depth, DateTimeOffset from, DateTimeOffset to,
        string requestedBy, string scopeRegion, DateTimeOffset at, double elapsedMs, RegionLookup regions)
    {
        string Ref(TracePlaceState p) => p.InScope ? p.Key : "county:" + p.CountyCode;
        var shown = graph.Places.Where(p => p.InScope).ToList();

        var places = shown.Select(p => new TracePlace(p.Key, p.IsFarm ? "farm" : "destination", p.Hop, p.Hop == 0 ? "back" : "forward",
            p.FarmCode, p.Facts?.Name, p.Facts?.Contact, p.Facts?.Phone, p.RegionCode, p.CountyCode, regions.NameOf(p.CountyCode),
            p.Facts?.Address ?? p.DestinationAddress, p.Facts?.Longitude, p.Facts?.Latitude, !p.IsFarm || p.Facts is not null,
            p.From, p.To, p.Animals.Count)).ToList();

        var outside = graph.Places.Where(p => !p.InScope).GroupBy(p => p.CountyCode).OrderBy(g => g.Key)
            .Select(g => new TraceOutOfScope(g.Key, g.Count(), g.Sum(p => p.Animals.Count))).ToList();

        var animals = new List<TraceAnimals>();
        foreach (var p in shown)
        {
            foreach (var r in p.Animals.Intersect(graph.StartTags).Ranges)
                animals.Add(new TraceAnimals(p.Key, Tag(r.First), Tag(r.Last), r.Count, true));
            foreach (var r in p.Animals.Except(graph.StartTags).Ranges)
                animals.Add(new TraceAnimals(p.Key, Tag(r.First), Tag(r.Last), r.Count, false));
        }

        var movements = graph.Movements.Select(m => new TraceMovement(Ref(m.From), Ref(m.To),
            m.Move.Kind == MoveKind.Certificate ? "certificate" : "turnedUp", m.Move.Certificate, m.Move.At,
            m.Move.At.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            m.Move.Tags.Count, m.Move.Tags.Ranges.Select(r => r.ToString()).ToList())).ToList();

        var tasks = shown.GroupBy(p => p.CountyCode).OrderBy(g => g.Key).Select(g => new TraceCountyTasks(g.Key, regions.NameOf(g.Key),
            g.OrderBy(p => p.Hop).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new TraceTask(p.Key, p.FarmCode,
                p.Facts?.Name ?? (p.IsFarm ? "（未登记养殖场）" : null), p.Facts?.Contact, p.Facts?.Phone, p.Facts?.Address ?? p.DestinationAddress,
                p.Hop, p.Hop == 0 ? "back" : "forward", p.Animals.Count, p.Animals.ToString())).ToList())).ToList();

        return new TraceView(0, start.Text, start.Kind, days, depth, from, to, requestedBy, scopeRegion, at, elapsedMs,
            places, outside, animals, movements, tasks);
    }

    private static string Tag(long value) => Mappings.Canonical.TagNumber.Format(value);
}
