namespace EarTagTrace.Mappings.Canonical;

/// <summary>Who holds ear tags: 县 county stock, 乡镇 township station (XZ), 养殖场户 farm (YZC), 防疫员 worker (FYY).</summary>
public enum HolderType { County = 1, Township = 2, Farm = 3, Worker = 4 }

/// <summary>一次发放 first issuance county→township; 二次发放 second issuance township→farm or worker.</summary>
public enum IssuanceKind { First = 1, Second = 2 }

/// <summary>注销原因: 死亡 death, 屠宰 slaughter, 遗失 lost, 损坏 damaged.</summary>
public enum CancellationReason { Death = 1, Slaughter = 2, Lost = 3, Damaged = 4 }

/// <summary>One row of 库存耳标登记表 county stock registration: 箱号 box, 包号 pack, the range and its count.</summary>
public sealed record CanonicalStockRow(string? Box, string? Pack, TagRange Range, long Count, DateTimeOffset RegisteredAt);

/// <summary>Stock registration of one 登记单位 (a county, or a township registering its own unissued stock).</summary>
public sealed record CanonicalTagStock(string RegistrarCode, IReadOnlyList<CanonicalStockRow> Rows);

/// <summary>发放 one issuance (ffid) of one or more ranges from an issuer to a receiver.</summary>
public sealed record CanonicalIssuance(
    string Id, IssuanceKind Kind, string IssuerCode, string ReceiverCode, HolderType ReceiverType,
    IReadOnlyList<TagRange> Ranges, DateTimeOffset IssuedAt);

/// <summary>注销 one cancellation (zxid) of individual tags.</summary>
public sealed record CanonicalCancellation(string Id, IReadOnlyList<long> Tags, CancellationReason Reason, DateTimeOffset CancelledAt);

/// <summary>
/// Outbox payload of one registered range, as the national platform learns it (the id is the hub's registration id,
/// stable across resends).
/// </summary>
public sealed record CanonicalStockRegistration(
    long Id, string RegistrarCode, string CountyCode, Species Species, string? Box, string? Pack, TagRange Range,
    long Count, DateTimeOffset RegisteredAt);
