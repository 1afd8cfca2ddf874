using System.Text.Json.Serialization;

namespace EarTagTrace.Mappings.NationalCloud;

/// <summary>国家云平台 item of POST /api/v1/eartag/stock: one registered range of county ear-tag stock.</summary>
public sealed record NationalStockItem
{
    /// <summary>The hub's registration id, stable across resends.</summary>
    [JsonPropertyName("stockId")] public required string StockId { get; init; }
    [JsonPropertyName("countyCode")] public required string CountyCode { get; init; }
    [JsonPropertyName("registrarCode")] public required string RegistrarCode { get; init; }
    [JsonPropertyName("speciesCode")] public required string SpeciesCode { get; init; }
    [JsonPropertyName("boxNo")] public string? BoxNo { get; init; }
    [JsonPropertyName("packNo")] public string? PackNo { get; init; }
    [JsonPropertyName("startTag")] public required string StartTag { get; init; }
    [JsonPropertyName("endTag")] public required string EndTag { get; init; }
    [JsonPropertyName("quantity")] public required long Quantity { get; init; }
    /// <summary>yyyy-MM-dd HH:mm:ss, China Standard Time.</summary>
    [JsonPropertyName("registerTime")] public required string RegisterTime { get; init; }
}

/// <summary>国家云平台 item of POST /api/v1/eartag/issuances: one issuance (ffid) with its ranges.</summary>
public sealed record NationalIssuanceItem
{
    [JsonPropertyName("issuanceId")] public required string IssuanceId { get; init; }
    /// <summary>"1" county→township, "2" township→farm or worker.</summary>
    [JsonPropertyName("issuanceType")] public required string IssuanceType { get; init; }
    [JsonPropertyName("issuerCode")] public required string IssuerCode { get; init; }
    [JsonPropertyName("receiverCode")] public required string ReceiverCode { get; init; }
    /// <summary>"XZ" township, "YZC" farm, "FYY" worker.</summary>
    [JsonPropertyName("receiverType")] public required string ReceiverType { get; init; }
    /// <summary>County of the tags (of the lowest tag, should they ever span counties).</summary>
    [JsonPropertyName("countyCode")] public required string CountyCode { get; init; }
    [JsonPropertyName("segments")] public required IReadOnlyList<NationalTagSegment> Segments { get; init; }
    [JsonPropertyName("quantity")] public required long Quantity { get; init; }
    /// <summary>yyyy-MM-dd HH:mm:ss, China Standard Time.</summary>
    [JsonPropertyName("issueTime")] public required string IssueTime { get; init; }
}

/// <summary>国家云平台 item of POST /api/v1/eartag/cancellations: one cancellation (zxid), its tags merged into ranges.</summary>
public sealed record NationalCancellationItem
{
    [JsonPropertyName("cancellationId")] public required string CancellationId { get; init; }
    /// <summary>County of the tags (of the lowest tag when they span counties).</summary>
    [JsonPropertyName("countyCode")] public required string CountyCode { get; init; }
    /// <summary>"DEATH", "SLAUGHTER", "LOST" or "DAMAGED".</summary>
    [JsonPropertyName("reason")] public required string Reason { get; init; }
    [JsonPropertyName("segments")] public required IReadOnlyList<NationalTagSegment> Segments { get; init; }
    /// <summary>Number of distinct cancelled tags.</summary>
    [JsonPropertyName("quantity")] public required long Quantity { get; init; }
    /// <summary>yyyy-MM-dd HH:mm:ss, China Standard Time.</summary>
    [JsonPropertyName("cancelTime")] public required string CancelTime { get; init; }
}

/// <summary>One range of tags of one species and county; quantity = endTag − startTag + 1.</summary>
public sealed record NationalTagSegment(
    [property: JsonPropertyName("speciesCode")] string SpeciesCode,
    [property: JsonPropertyName("startTag")] string StartTag,
    [property: JsonPropertyName("endTag")] string EndTag,
    [property: JsonPropertyName("quantity")] long Quantity);

/// <summary>国家云平台 item of POST /api/v1/quarantine/certificates: one origin quarantine certificate, tags listed one by one.</summary>
public sealed record NationalCertificateItem
{
    [JsonPropertyName("certificateNo")] public required string CertificateNo { get; init; }
    /// <summary>"A" leaving the province, "B" within it.</summary>
    [JsonPropertyName("certificateType")] public required string CertificateType { get; init; }
    [JsonPropertyName("declarationNo")] public required string DeclarationNo { get; init; }
    [JsonPropertyName("farmId")] public required string FarmId { get; init; }
    /// <summary>First 6 digits of <see cref="OriginCode"/>.</summary>
    [JsonPropertyName("countyCode")] public required string CountyCode { get; init; }
    [JsonPropertyName("speciesCode")] public required string SpeciesCode { get; init; }
    [JsonPropertyName("quantity")] public required int Quantity { get; init; }
    [JsonPropertyName("earTags")] public required IReadOnlyList<string> EarTags { get; init; }
    [JsonPropertyName("originCode")] public required string OriginCode { get; init; }
    [JsonPropertyName("originAddress")] public string? OriginAddress { get; init; }
    [JsonPropertyName("destinationCode")] public required string DestinationCode { get; init; }
    [JsonPropertyName("destinationAddress")] public string? DestinationAddress { get; init; }
    [JsonPropertyName("carrier")] public string? Carrier { get; init; }
    [JsonPropertyName("plateNo")] public required string PlateNo { get; init; }
    [JsonPropertyName("vetName")] public required string VetName { get; init; }
    /// <summary>yyyy-MM-dd HH:mm:ss, China Standard Time.</summary>
    [JsonPropertyName("issueTime")] public required string IssueTime { get; init; }
    [JsonPropertyName("validDays")] public required int ValidDays { get; init; }
}
