using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>动监e通 POST /adapters/djet/stock-changes 存栏变动 (docs/partners.md, 动监e通) → <see cref="CanonicalStockChange"/>.</summary>
public static class DjetStockChangeMapping
{
    /// <summary>Validates the body against djet/stock-change and maps it; an impossible bdsj is TIME_INVALID.</summary>
    public static MappingResult<CanonicalStockChange> ToCanonical(PartnerBody body) =>
        DjetInbound.ToCanonical<DjetStockChangeMessage, CanonicalStockChange>(Contracts.DjetStockChange, body, Map);

    private static CanonicalStockChange? Map(DjetStockChangeMessage message, List<Violation> violations)
    {
        StockChangeKind? kind = message.Bdlx switch
        {
            "出生" => StockChangeKind.Birth,
            "购入" => StockChangeKind.Purchase,
            "死亡" => StockChangeKind.Death,
            "出栏" => StockChangeKind.Sale,
            _ => null,
        };
        var changedAt = DjetInbound.Time(message.Bdsj, "$.bdsj", violations);

        if (violations.Count > 0
            || kind is not { } changeKind
            || DjetInbound.SpeciesOf(message.Xmdm) is not { } species
            || changedAt is not { } at
            || message is not { Bdid: { } id, Yzcbm: { } farm, Sl: { } count })
        {
            return null;
        }

        return new CanonicalStockChange(id.Trim(), farm.Trim(), species, changeKind, count, at);
    }
}
