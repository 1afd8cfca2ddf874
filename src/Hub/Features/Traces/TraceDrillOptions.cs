namespace EarTagTrace.Hub.Features.Traces;

public sealed class TraceDrillOptions
{
    public const string Section = "TraceDrills";

    /// <summary>Quartz cron (China time) of the nightly drill; default 03:30, after the reconciliation it reads.</summary>
    public string Cron { get; set; } = "0 30 3 * * ?";
    public bool NightlyEnabled { get; set; } = true;
    /// <summary>Tags sampled and traced per county each night.</summary>
    public int TagsPerCounty { get; set; } = 20;
    public int Days { get; set; } = StartTrace.DefaultDays;
    public int Depth { get; set; } = StartTrace.DefaultDepth;
}
