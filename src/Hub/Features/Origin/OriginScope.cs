using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// 监管名录 vs 采集范围 (seed 二): every producer is supervised; a base is in the collection scope from its product's
/// threshold up (≥, stock held temporarily 暂养 included), and every 产地收购商 is, whatever its size. A record is
/// current while its cycle runs (crops: until the expected market end) or for a month after collection (livestock,
/// 月采集制度).
/// </summary>
public static class OriginScope
{
    public static bool InScope(decimal scale, OriginProduct product, bool purchaser) => purchaser || scale >= product.ScopeThreshold;

    public static DateOnly ChinaDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ChinaTime.Offset).DateTime);

    /// <summary>Whether a record is current, over origin_record r joined to origin_product p, at @as_of (timestamptz) and @as_of_date (China date).</summary>
    public const string CurrentSql = """
        (r.collected_at <= @as_of and case when p.cadence = 'PerCycle'
            then (r.market_end is null or r.market_end >= @as_of_date)
            else r.collected_at > @as_of - interval '1 month' end)
        """;

    /// <summary>The SQL of <see cref="InScope"/> over r, p and origin_entity e.</summary>
    public const string InScopeSql = "(e.purchaser or r.scale >= p.scope_threshold)";
}
