namespace EarTagTrace.Hub.Features.Traces;

/// <summary>
/// 疫情追溯 an outbreak trace as answered and stored: the graph (places, animals, movements), what lies outside the
/// caller's region (a county code and counts, never details), and the task list per county.
/// </summary>
public sealed record TraceView(
    long Id, string Start, string StartKind, int Days, int Depth, DateTimeOffset From, DateTimeOffset To,
    string RequestedBy, string ScopeRegion, DateTimeOffset At, double ElapsedMs,
    IReadOnlyList<TracePlace> Places, IReadOnlyList<TraceOutOfScope> OutOfScope, IReadOnlyList<TraceAnimals> Animals,
    IReadOnlyList<TraceMovement> Movements, IReadOnlyList<TraceCountyTasks> Tasks);

/// <summary>
/// A place of the trace: a farm (<c>farm:&lt;code&gt;</c>), or a destination that is not a registered farm
/// (<c>dest:&lt;region&gt;|&lt;address&gt;</c>, e.g. a slaughterhouse). Hop 0 is where the start lived (back); hop n
/// is reached by n movements (forward). <see cref="Registered"/> is false for a farm code the registry never sent.
/// </summary>
public sealed record TracePlace(
    string Id, string Kind, int Hop, string Role, string? FarmCode, string? Name, string? Contact, string? Phone,
    string? RegionCode, string CountyCode, string CountyName, string? Address, decimal? Longitude, decimal? Latitude,
    bool Registered, DateTimeOffset From, DateTimeOffset To, long Animals);

/// <summary>Places outside the caller's region scope, by county: how many, and how many animals.</summary>
public sealed record TraceOutOfScope(string CountyCode, int Places, long Animals);

/// <summary>A range of tags at a place; <see cref="Start"/> marks the start animals, the others are co-residents 同群.</summary>
public sealed record TraceAnimals(string PlaceId, string First, string Last, long Count, bool Start);

/// <summary>
/// Animals moving between places: on a certificate (<see cref="CertificateNumber"/>), or turning up at another farm
/// without one (<c>turnedUp</c>). A place outside the scope is named <c>county:&lt;code&gt;</c>.
/// </summary>
public sealed record TraceMovement(string From, string To, string Kind, string? CertificateNumber, DateTimeOffset At,
    string Date, long Count, IReadOnlyList<string> Ranges);

/// <summary>一县一表 what one county's staff must do: the places to visit, their contacts and the animals to check.</summary>
public sealed record TraceCountyTasks(string CountyCode, string CountyName, IReadOnlyList<TraceTask> Visits);

public sealed record TraceTask(string PlaceId, string? FarmCode, string? Name, string? Contact, string? Phone, string? Address,
    int Hop, string Role, long Animals, string Ranges);
