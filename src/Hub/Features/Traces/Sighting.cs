namespace EarTagTrace.Hub.Features.Traces;

/// <summary>How tags were seen at a farm: each is evidence that they were there at that moment.</summary>
public enum SightingKind
{
    /// <summary>二次发放 issued to the farm: the tags arrive.</summary>
    Issued = 0,
    /// <summary>The farm holds the tags now, since a time.</summary>
    Held = 1,
    /// <summary>Arrived on a certificate whose 到达地养殖场编码 names the farm.</summary>
    CertifiedIn = 2,
    /// <summary>检疫申报 declared by the farm.</summary>
    Declared = 3,
    /// <summary>产地检疫合格证明 certified out of the farm: the tags leave.</summary>
    CertifiedOut = 4,
}

/// <summary>
/// One row of evidence that <see cref="Tags"/> were at <see cref="Farm"/> at <see cref="At"/>, from issuances, holdings,
/// declarations or certificates. A certificate out carries its destination; one into a registered farm its origin farm.
/// </summary>
public sealed record Sighting(SightingKind Kind, string Farm, DateTimeOffset At, string? Ref, TagSet Tags,
    string? DestinationCode = null, string? DestinationAddress = null, string? DestinationFarm = null, string? OriginFarm = null);

/// <summary>A farm as the registry describes it, for a place of the trace and its task row.</summary>
public sealed record FarmFacts(string Code, string? Name, string? Contact, string? Phone, string RegionCode, string CountyCode,
    string? Address, decimal? Longitude, decimal? Latitude);

/// <summary>
/// What a trace reads after its first round trip (<see cref="TraceSql.StartAsync"/>): each further hop's farms with their
/// evidence and their tags' evidence elsewhere.
/// </summary>
public interface ITraceSource
{
    /// <summary>
    /// One hop's reads in one round trip: the farms' registry details, the evidence at them, and (when
    /// <paramref name="follow"/>) the evidence anywhere of every tag seen at them or in <paramref name="incoming"/>.
    /// </summary>
    Task<TraceHop> HopAsync(IReadOnlyCollection<string> farms, TagSet incoming, bool follow, DateTimeOffset until, CancellationToken ct);
}

/// <summary>
/// What one hop reads: details and evidence of its farms, and their tags' evidence elsewhere; on the first hop also the
/// start's own evidence (<see cref="Start"/>) and, when asked for, the id reserved for storing the trace.
/// </summary>
public sealed record TraceHop(Dictionary<string, FarmFacts> Facts, List<Sighting> AtFarms, List<Sighting> ByTags,
    List<Sighting>? Start = null, long? TraceId = null);
