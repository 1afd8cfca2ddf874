using System.Security.Cryptography;
using System.Text.Json;
using EarTagTrace.Mappings.Canonical;
using NetTopologySuite.Geometries;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>A stored record as the canonical record the outbox carries, and the hash that says whether it changed.</summary>
public static class OriginCanonical
{
    public static CanonicalOriginRecord From(OriginRecord r, OriginEntity e, OriginProduct p) => new()
    {
        Id = r.Id,
        EntityName = e.Name,
        EntityType = e.Type,
        Purchaser = e.Purchaser,
        ContactName = e.ContactName,
        Phone = e.Phone,
        CreditRating = e.CreditRating,
        ProductCode = p.Code,
        ProductName = p.Name,
        Scale = r.Scale,
        Unit = r.Unit,
        BaseAddress = r.BaseAddress.Length == 0 ? null : r.BaseAddress,
        RegionCode = r.RegionCode,
        Longitude = r.Location is null ? null : Math.Round((decimal)r.Location.X, 6),
        Latitude = r.Location is null ? null : Math.Round((decimal)r.Location.Y, 6),
        MarketStart = r.MarketStart,
        MarketEnd = r.MarketEnd,
        ProductionMode = r.ProductionMode,
        TraceMethods = r.TraceMethods,
        GridSupervisor = r.GridSupervisor,
        GridSupervisorPhone = r.GridSupervisorPhone,
        Collector = r.Collector,
        CollectorPhone = r.CollectorPhone,
        CollectedAt = r.CollectedAt,
        FarmCode = r.FarmCode,
        UpdatedAt = r.UpdatedAt,
    };

    /// <summary>What the platform would see, less the id and the update time: equal hashes mean nothing to upload.</summary>
    public static string Hash(OriginRecord r, OriginEntity e, OriginProduct p)
    {
        var content = From(r, e, p) with { Id = 0, UpdatedAt = default };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(content, CanonicalJson.Options)));
    }

    public static string Payload(OriginRecord r, OriginEntity e, OriginProduct p) =>
        JsonSerializer.Serialize(From(r, e, p), CanonicalJson.Options);

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    /// <summary>A WGS 84 point from the sheet's 经度 and 纬度, or null when either is blank.</summary>
    public static Point? PointOf(decimal? longitude, decimal? latitude) =>
        longitude is { } x && latitude is { } y ? Wgs84.CreatePoint(new Coordinate((double)x, (double)y)) : null;

    /// <summary>The national agri-product platform's item for a record that is new or changed.</summary>
    public static Persistence.Tables.OutboxTable.Item Outbox(OriginRecord record, OriginEntity entity, OriginProduct product) =>
        new(OriginDestinations.OriginRecords, OriginDestinations.RecordKey(record.Id), Payload(record, entity, product), record.RegionCode);
}
