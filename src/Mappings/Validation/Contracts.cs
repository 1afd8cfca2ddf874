namespace EarTagTrace.Mappings.Validation;

/// <summary>Names of the schemas under contracts/, as passed to <see cref="ContractValidator.Validate"/>.</summary>
public static class Contracts
{
    public const string RegistryFarmRecord = "farm-registry/farm-record";
    public const string RegistryPushBody = "farm-registry/push-body";
    public const string RegistryPullPage = "farm-registry/pull-page";
    public const string NationalTokenAnswer = "national-cloud/token-answer";
    public const string NationalFarmItem = "national-cloud/farm-item";
    public const string NationalFarmBatch = "national-cloud/farm-batch";
    public const string NationalAnswer = "national-cloud/answer";
    public const string DjetYzcSync = "djet/yzc-sync";
    public const string DjetAnswer = "djet/answer";
    public const string CanonicalFarm = "canonical/farm";

    public static IReadOnlyList<string> All { get; } =
    [
        RegistryFarmRecord, RegistryPushBody, RegistryPullPage,
        NationalTokenAnswer, NationalFarmItem, NationalFarmBatch, NationalAnswer,
        DjetYzcSync, DjetAnswer, CanonicalFarm,
    ];
}
