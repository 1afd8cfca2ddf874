namespace EarTagTrace.Hub.Scheduling;

public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>
    /// Quartz's clustered ADO.NET job store in the hub's PostgreSQL (tables from the QuartzClusterAndInstances
    /// migration): needed as soon as two hubs run, or both would pull the registry. Off: the in-memory store, enough for
    /// one hub and for the tests.
    /// </summary>
    public bool Clustered { get; set; }
    /// <summary>How often a clustered scheduler checks in; another takes over its jobs when it misses check-ins.</summary>
    public int CheckinSeconds { get; set; } = 5;
    public int CheckinMisfireSeconds { get; set; } = 20;
}
