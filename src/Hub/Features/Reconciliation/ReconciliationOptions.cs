namespace EarTagTrace.Hub.Features.Reconciliation;

public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>Quartz cron (China time) of the nightly check of yesterday; default 02:30.</summary>
    public string Cron { get; set; } = "0 30 2 * * ?";
    public bool NightlyEnabled { get; set; } = true;
    /// <summary>How often a mismatched day is looked at to see whether its resent items are delivered.</summary>
    public int RecheckSeconds { get; set; } = 5;
}
