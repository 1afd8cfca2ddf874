using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>How often a product's origin record must be collected again (seed 三(三)).</summary>
public enum OriginCadence
{
    /// <summary>种植业 once per planting cycle 茬次: a crop grown several times a year has a record per cycle.</summary>
    PerCycle = 1,
    /// <summary>畜产品 月采集制度: updated every month.</summary>
    Monthly = 2,
}

/// <summary>
/// 重点品种 one key product. Products are rows, not code: a new one (seed 一: 适时再增加其他品种) is an insert, and the
/// sheet, the scope and the map take it as it is.
/// </summary>
public sealed class OriginProduct
{
    /// <summary>cowpea, leek, celery, egg, black-bone-chicken, beef-cattle, meat-sheep, live-pig, ….</summary>
    public required string Code { get; set; }
    /// <summary>产品名称 as staff write it in the sheet: 豇豆, 韭菜, ….</summary>
    public required string Name { get; set; }
    public ScaleUnit Unit { get; set; }
    /// <summary>采集范围 the scale from which a base is in the collection scope (≥): 0.5 亩, 30 头, 1000 只, ….</summary>
    public decimal ScopeThreshold { get; set; }
    public OriginCadence Cadence { get; set; }
    /// <summary>The registry species a livestock product links to (its records are pre-filled from the farm), or null.</summary>
    public Species? Species { get; set; }
    public int SortOrder { get; set; }
}
