namespace EarTagTrace.Simulator.Registry;

/// <summary>One pull the registry answered (or refused), for tests that check how the hub walks the pages.</summary>
public sealed record RegistryPageRequest(int Page, int PageSize, string? GxsjStart, int Status, DateTimeOffset At);
