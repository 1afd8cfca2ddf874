using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// 种养殖主体 a producer (or 产地收购商 origin purchaser) of key products. Known within a county by its name: the same
/// name in one county is one entity, whose bases each get a record.
/// </summary>
public sealed class OriginEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public OriginEntityType Type { get; set; }
    /// <summary>产地收购商: always in the collection scope (seed 二(二)).</summary>
    public bool Purchaser { get; set; }
    public string? ContactName { get; set; }
    /// <summary>E.164.</summary>
    public string? Phone { get; set; }
    /// <summary>信用等级.</summary>
    public string? CreditRating { get; set; }
    public required string CountyCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
