namespace EarTagTrace.Mappings.NationalAgri;

/// <summary>Contract names under contracts/national-agri/, for <see cref="Validation.ContractValidator"/>.</summary>
public static class NationalAgriContracts
{
    public const string OriginRecordItem = "national-agri/origin-record-item";
    public const string OriginRecordBatch = "national-agri/origin-record-batch";
    public const string RapidTestItem = "national-agri/rapid-test-item";
    public const string RapidTestBatch = "national-agri/rapid-test-batch";

    public static IReadOnlyList<string> All { get; } = [OriginRecordItem, OriginRecordBatch, RapidTestItem, RapidTestBatch];
}
