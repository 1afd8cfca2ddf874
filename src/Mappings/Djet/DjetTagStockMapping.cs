using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>动监e通 POST /adapters/djet/tag-stock 库存耳标登记表 (docs/partners.md, 动监e通) → <see cref="CanonicalTagStock"/>.</summary>
public static class DjetTagStockMapping
{
    /// <summary>
    /// Validates the body against djet/tag-stock and maps it. Besides the schema it refuses, per row: a malformed tag
    /// (TAG_MALFORMED at qshm or zzhm), a reversed range (RANGE_INVALID) or one crossing species or county
    /// (RANGE_CROSSES_COUNTY) at qshm, an sl other than the range's length (COUNT_MISMATCH at sl), an impossible djsj
    /// (TIME_INVALID); and a row overlapping an earlier one (RANGE_OVERLAPS_IN_MESSAGE at the later row's qshm).
    /// Whether the registrar holds the county's tags is the hub's rule, not the mapping's.
    /// </summary>
    public static MappingResult<CanonicalTagStock> ToCanonical(string json) =>
        DjetInbound.ToCanonical<DjetTagStockMessage, CanonicalTagStock>(Contracts.DjetTagStock, json, Map);

    private static CanonicalTagStock? Map(DjetTagStockMessage message, List<Violation> violations)
    {
        var rows = message.Rows ?? [];
        var mapped = new List<CanonicalStockRow>(rows.Count);
        var ranges = new List<(int Index, TagRange Range)>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not { } row)
            {
                continue; // the schema named the null row
            }

            var path = $"$.rows[{i}]";
            var range = DjetInbound.Range(row.Qshm, row.Zzhm, path, violations);
            if (range is { } r)
            {
                ranges.Add((i, r));
                if (row.Sl is { } count && count != r.Count && !DjetInbound.Flagged(violations, $"{path}.sl"))
                {
                    violations.Add(new Violation($"{path}.sl", TagCodes.CountMismatch,
                        $"'sl' is {count} but {r} holds {r.Count} tags."));
                }
            }

            var registeredAt = DjetInbound.Time(row.Djsj, $"{path}.djsj", violations);
            if (range is { } rowRange && row.Sl is { } rowCount && registeredAt is { } at)
            {
                mapped.Add(new CanonicalStockRow(DjetInbound.Clean(row.Xh), DjetInbound.Clean(row.Bh), rowRange, rowCount, at));
            }
        }

        DjetInbound.RefuseOverlaps(ranges, "$.rows", violations);
        if (violations.Count > 0 || message.Djdw is not { } registrar)
        {
            return null;
        }

        return new CanonicalTagStock(registrar, mapped);
    }
}
