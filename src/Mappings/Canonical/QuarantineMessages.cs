namespace EarTagTrace.Mappings.Canonical;

/// <summary>用途 purpose of moving animals: 屠宰 slaughter, 饲养 rearing, 种用 breeding, 其他 other.</summary>
public enum MovementPurpose { Slaughter = 1, Rearing = 2, Breeding = 3, Other = 4 }

/// <summary>检疫合格证明类型: A 动物A leaving the province, B 动物B within it.</summary>
public enum CertificateType { A = 1, B = 2 }

/// <summary>存栏变动类型: 出生 birth, 购入 purchase (in), 死亡 death, 出栏 sale/slaughter (out).</summary>
public enum StockChangeKind { Birth = 1, Purchase = 2, Death = 3, Sale = 4 }

/// <summary>A place: region code (6, 9 or 12 digits) and address.</summary>
public sealed record Place(string RegionCode, string? Address);

/// <summary>
/// 检疫申报 a quarantine declaration. Tags stay as sent: a malformed tag is a reason of the declaration's answer
/// (TAG_MALFORMED with the tag), not a refusal of the message's shape.
/// </summary>
public sealed record CanonicalDeclaration(
    string Id, string FarmCode, string QrToken, Species Species, int HeadCount, Place Destination,
    MovementPurpose Purpose, IReadOnlyList<string> Tags, DateTimeOffset DeclaredAt);

/// <summary>
/// 产地检疫合格证明 an origin quarantine certificate. <paramref name="DestinationFarmCode"/> 到达地养殖场编码 is set only
/// when the destination is a farm in the registry; an outbreak trace then follows the animals onto that farm.
/// </summary>
public sealed record CanonicalCertificate(
    string Number, CertificateType Type, string DeclarationId, string FarmCode, Species Species, int HeadCount,
    IReadOnlyList<string> Tags, Place Origin, Place Destination, string? Carrier, string Plate, string Vet,
    DateTimeOffset IssuedAt, int ValidDays,
    // Left out when absent, so a certificate without it hashes (and is delivered) exactly as before the field existed.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? DestinationFarmCode = null);

/// <summary>存栏变动 a herd stock change reported by 动监e通.</summary>
public sealed record CanonicalStockChange(
    string Id, string FarmCode, Species Species, StockChangeKind Kind, int Count, DateTimeOffset ChangedAt)
{
    /// <summary>+count for births and purchases, −count for deaths and sales.</summary>
    public int Delta => Kind is StockChangeKind.Birth or StockChangeKind.Purchase ? Count : -Count;
}
