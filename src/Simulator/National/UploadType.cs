namespace EarTagTrace.Simulator.National;

/// <summary>
/// One batch-upload endpoint of a national platform. <see cref="IdFields"/> and <see cref="DateFields"/> name where the
/// item's business id and date live, tried in order; the platforms' item formats are defined in contracts/.
/// </summary>
public sealed record UploadType(string Path, string? SchemaPath, IReadOnlyList<string> IdFields, IReadOnlyList<string> DateFields)
{
    /// <summary>The last path segment: farms, stock, issuances, cancellations, certificates, records, rapid-tests.</summary>
    public string Type => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>国家云平台 national cloud platform uploads (docs/partners.md, national cloud platform).</summary>
    public static readonly IReadOnlyList<UploadType> NationalCloud =
    [
        new("/api/v1/farms", "national-cloud/farm-item.schema.json", ["farmId"], ["updateTime"]),
        new("/api/v1/eartag/stock", "national-cloud/stock-item.schema.json", ["stockId", "registrationId", "batchId", "id"], ["registerTime", "registeredAt", "updateTime"]),
        new("/api/v1/eartag/issuances", "national-cloud/issuance-item.schema.json", ["issuanceId", "id"], ["issueTime", "issuedAt", "issuanceTime"]),
        new("/api/v1/eartag/cancellations", "national-cloud/cancellation-item.schema.json", ["cancellationId", "id"], ["cancelTime", "cancelledAt", "cancellationTime"]),
        new("/api/v1/quarantine/certificates", "national-cloud/certificate-item.schema.json", ["certificateNo", "certificateNumber", "certificateId", "id"], ["issueTime", "issuedAt", "signTime"]),
    ];

    /// <summary>国家农产品质量安全追溯管理信息平台 national agri-product traceability platform uploads (docs/partners.md, national agri-product platform).</summary>
    public static readonly IReadOnlyList<UploadType> NationalAgri =
    [
        new("/api/v1/origin/records", "national-agri/origin-record-item.schema.json", ["recordId", "id"], ["collectedAt", "collectTime", "updateTime"]),
        new("/api/v1/rapid-tests", "national-agri/rapid-test-item.schema.json", ["testId", "sampleId", "id"], ["testTime", "testedAt", "sampledAt"]),
    ];

    /// <summary>福建省农产品质量安全监测系统 rapid-test uploads (an assumed interface, docs/partners.md, Fujian monitoring system).</summary>
    public static readonly IReadOnlyList<UploadType> FujianMonitoring =
    [
        new("/api/v1/rapid-tests", "fujian-monitoring/rapid-test-item.schema.json", ["testId", "sampleId", "id"], ["testTime", "testedAt", "sampledAt"]),
    ];
}
