namespace EarTagTrace.Mappings.FujianMonitoring;

/// <summary>Contract names under contracts/fujian-monitoring/ (an assumed interface: docs/partners.md says why).</summary>
public static class FujianMonitoringContracts
{
    public const string RapidTestItem = "fujian-monitoring/rapid-test-item";
    public const string RapidTestBatch = "fujian-monitoring/rapid-test-batch";

    public static IReadOnlyList<string> All { get; } = [RapidTestItem, RapidTestBatch];
}
