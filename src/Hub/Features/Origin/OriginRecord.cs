using EarTagTrace.Mappings.Canonical;
using NetTopologySuite.Geometries;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// 产地溯源信息 one base or plot 基地/地块 of one entity for one product, and for crops one planting cycle 茬次. Its key is
/// (entity, product, base address, plot, cycle): the cycle is the expected market start for crops and empty for
/// livestock, whose one record is updated every month; the plot is <see cref="OriginInput.PlotKey"/>.
/// </summary>
public sealed class OriginRecord
{
    public long Id { get; set; }
    public long EntityId { get; set; }
    public OriginEntity Entity { get; set; } = null!;
    public required string ProductCode { get; set; }
    public OriginProduct Product { get; set; } = null!;
    /// <summary>种养规模, in the product's unit; stock held temporarily 暂养 included.</summary>
    public decimal Scale { get; set; }
    public ScaleUnit Unit { get; set; }
    /// <summary>基地地址; "" when the sheet gave none (part of the key, so never null).</summary>
    public string BaseAddress { get; set; } = "";
    /// <summary>9-digit township or 12-digit village code.</summary>
    public required string RegionCode { get; set; }
    public required string CountyCode { get; set; }
    public required string TownshipCode { get; set; }
    /// <summary>点位 WGS-84 point (geography), null until a field visit gives it.</summary>
    public Point? Location { get; set; }
    public DateOnly? MarketStart { get; set; }
    public DateOnly? MarketEnd { get; set; }
    /// <summary>茬次 key: MarketStart as yyyy-MM-dd for crops, "" for livestock and for a crop without a start date.</summary>
    public string Cycle { get; set; } = "";
    /// <summary>地块 key within the base address: "no:" + 地块编号, "pt:" + the first point known, or "" (part of the key).</summary>
    public string PlotKey { get; set; } = "";
    public ProductionMode? ProductionMode { get; set; }
    public TraceMethod[] TraceMethods { get; set; } = [];
    public string? GridSupervisor { get; set; }
    public string? GridSupervisorPhone { get; set; }
    public string? Collector { get; set; }
    public string? CollectorPhone { get; set; }
    public DateTimeOffset CollectedAt { get; set; }
    /// <summary>The registry farm (养殖场户) a livestock record links to and was pre-filled from.</summary>
    public string? FarmCode { get; set; }
    /// <summary>Hash of what the national platform receives: an unchanged record is not uploaded again.</summary>
    public required string ContentHash { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>点位变更 one change of a record's point: every one is kept, with who made it and when.</summary>
public sealed class OriginLocationChange
{
    public long Id { get; set; }
    public long RecordId { get; set; }
    public Point? From { get; set; }
    public Point? To { get; set; }
    /// <summary>import, record, refine, registry.</summary>
    public required string Source { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>快速检测 one rapid-test result of a product sampled at a record (seed 二(一)).</summary>
public sealed class OriginRapidTest
{
    public long Id { get; set; }
    public long RecordId { get; set; }
    public required string ProductCode { get; set; }
    public required string SampleNo { get; set; }
    public required string Item { get; set; }
    public RapidTestResult Result { get; set; }
    public string? Value { get; set; }
    public DateTimeOffset TestedAt { get; set; }
    public required string Tester { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
