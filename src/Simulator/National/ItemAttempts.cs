namespace EarTagTrace.Simulator.National;

/// <summary>An item id and the X-Request-Id of every upload that carried it, in order (GET /__sim/attempts).</summary>
public sealed record ItemAttempts(string Key, IReadOnlyList<string> RequestIds);
