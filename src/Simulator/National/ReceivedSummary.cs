namespace EarTagTrace.Simulator.National;

/// <summary>How many items of one type were accepted and how many distinct ids they carry.</summary>
public sealed record ReceivedSummary(string Type, int Count, int DistinctKeys);
