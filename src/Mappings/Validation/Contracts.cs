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

    // 动监e通 pushes to the hub (docs/partners.md, 动监e通).
    public const string DjetTagStock = "djet/tag-stock";
    public const string DjetTagIssuance = "djet/tag-issuance";
    public const string DjetTagCancellation = "djet/tag-cancellation";
    public const string DjetDeclaration = "djet/declaration";
    public const string DjetCertificate = "djet/certificate";
    public const string DjetStockChange = "djet/stock-change";
    public const string DjetCountyFeature = "djet/county-feature";
    /// <summary>The hub → 动监e通: stock registered at the hub (录入动监e通).</summary>
    public const string DjetTagStockSync = "djet/tag-stock-sync";
    /// <summary>动监e通 → hub: farm fields a vet corrected on site (信息共享).</summary>
    public const string DjetFarmCorrection = "djet/farm-correction";
    /// <summary>The hub → registry: those corrections, POST /openapi/yzc/correction (assumed; not public).</summary>
    public const string RegistryCorrectionBatch = "farm-registry/correction-batch";
    public const string RegistryCorrectionAnswer = "farm-registry/correction-answer";

    // 国家云平台 upload items other than farms (docs/partners.md, national cloud platform).
    public const string NationalStockItem = "national-cloud/stock-item";
    public const string NationalIssuanceItem = "national-cloud/issuance-item";
    public const string NationalCancellationItem = "national-cloud/cancellation-item";
    public const string NationalCertificateItem = "national-cloud/certificate-item";

    public static IReadOnlyList<string> All { get; } =
    [
        RegistryFarmRecord, RegistryPushBody, RegistryPullPage,
        NationalTokenAnswer, NationalFarmItem, NationalFarmBatch, NationalAnswer,
        DjetYzcSync, DjetAnswer, CanonicalFarm,
        DjetTagStock, DjetTagIssuance, DjetTagCancellation, DjetDeclaration, DjetCertificate, DjetStockChange, DjetCountyFeature,
        DjetTagStockSync, DjetFarmCorrection, RegistryCorrectionBatch, RegistryCorrectionAnswer,
        NationalStockItem, NationalIssuanceItem, NationalCancellationItem, NationalCertificateItem,
    ];
}
