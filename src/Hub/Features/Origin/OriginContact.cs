using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// 安溪县重点农产品产地溯源信息采集工作联系方式 (附件2): one version of who answers for a county's or township's collection,
/// as 牵头负责人 (lead) or 具体责任人 (responsible). A change closes the current version and adds one (人员变动及时更新报送),
/// so the history stays.
/// </summary>
public sealed class OriginContact
{
    public long Id { get; set; }
    /// <summary>6-digit county or 9-digit township code.</summary>
    public required string RegionCode { get; set; }
    /// <summary><see cref="OriginContacts.Lead"/> or <see cref="OriginContacts.Responsible"/>.</summary>
    public required string Role { get; set; }
    public required string Name { get; set; }
    /// <summary>E.164 (+86…).</summary>
    public required string Phone { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    /// <summary>When a newer version replaced it; null while current.</summary>
    public DateTimeOffset? ValidTo { get; set; }
    public required string ChangedBy { get; set; }
}

public sealed class OriginContactConfiguration : IEntityTypeConfiguration<OriginContact>
{
    public void Configure(EntityTypeBuilder<OriginContact> e)
    {
        e.ToTable("origin_contact");
        e.Property(x => x.Id).UseIdentityAlwaysColumn();
        e.Property(x => x.RegionCode).HasMaxLength(9);
        e.Property(x => x.Role).HasMaxLength(16);
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.Phone).HasMaxLength(20);
        e.Property(x => x.ChangedBy).HasMaxLength(64);
        // One current person per region and role: two clerks changing it at once cannot both win.
        e.HasIndex(x => new { x.RegionCode, x.Role }).IsUnique().HasFilter("valid_to is null");
        e.HasIndex(x => new { x.RegionCode, x.Id });
    }
}
