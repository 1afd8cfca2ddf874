using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>An origin record as the API shows it. Field names follow the masking of viewer accounts (phone, contactName, gridSupervisor, supervisorPhone, collector, collectorPhone).</summary>
public sealed record OriginRecordView(
    long Id, long EntityId, string Entity, OriginEntityType EntityType, string EntityTypeName, bool Purchaser,
    string? ContactName, string? Phone, string? CreditRating,
    string Product, string ProductName, decimal Scale, ScaleUnit Unit, string UnitName, bool InScope,
    string? BaseAddress, string RegionCode, string CountyCode, string TownshipCode, decimal? Longitude, decimal? Latitude,
    DateOnly? MarketStart, DateOnly? MarketEnd, string Cycle, ProductionMode? ProductionMode, IReadOnlyList<TraceMethod> TraceMethods,
    string? GridSupervisor, string? SupervisorPhone, string? Collector, string? CollectorPhone,
    DateTimeOffset CollectedAt, string? FarmCode, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static OriginRecordView From(OriginRecord r, OriginEntity e, OriginProduct p) => new(
        r.Id, e.Id, e.Name, e.Type, OriginVocabulary.Chinese(OriginVocabulary.EntityTypes, e.Type), e.Purchaser,
        e.ContactName, e.Phone, e.CreditRating,
        p.Code, p.Name, r.Scale, r.Unit, OriginVocabulary.Chinese(OriginVocabulary.Units, r.Unit), OriginScope.InScope(r.Scale, p, e.Purchaser),
        r.BaseAddress.Length == 0 ? null : r.BaseAddress, r.RegionCode, r.CountyCode, r.TownshipCode,
        r.Location is null ? null : Math.Round((decimal)r.Location.X, 6), r.Location is null ? null : Math.Round((decimal)r.Location.Y, 6),
        r.MarketStart, r.MarketEnd, r.Cycle, r.ProductionMode, r.TraceMethods,
        r.GridSupervisor, r.GridSupervisorPhone, r.Collector, r.CollectorPhone,
        r.CollectedAt, r.FarmCode, r.CreatedAt, r.UpdatedAt);
}
