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
    /// (TIME_INVALID); a missing or blank xh or bh (BOX_MISSING, PACK_MISSING at the field, in place of the schema's
    /// generic code, because the plan requires both: 对箱号、包号、号段、数量等信息进行详细登记); and a row overlapping an
    /// earlier one (RANGE_OVERLAPS_IN_MESSAGE at the later row's qshm).
    /// Whether the registrar holds the county's tags is the hub's rule, not the mapping's.
    /// </summary>
    public static MappingResult<CanonicalTagStock> ToCanonical(PartnerBody body) =>
        DjetInbound.ToCanonical<DjetTagStockMessage, CanonicalTagStock>(Contracts.DjetTagStock, body, Map);

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

            var box = Labelled(row.Xh, $"{path}.xh", TagCodes.BoxMissing, "箱号 box", violations);
            var pack = Labelled(row.Bh, $"{path}.bh", TagCodes.PackMissing, "包号 pack", violations);
            var registeredAt = DjetInbound.Time(row.Djsj, $"{path}.djsj", violations);
            if (range is { } rowRange && row.Sl is { } rowCount && registeredAt is { } at && box is not null && pack is not null)
            {
                mapped.Add(new CanonicalStockRow(box, pack, rowRange, rowCount, at));
            }
        }

        DjetInbound.RefuseOverlaps(ranges, "$.rows", violations);
        if (violations.Count > 0 || message.Djdw is not { } registrar)
        {
            return null;
        }

        return new CanonicalTagStock(registrar, mapped);
    }

    /// <summary>
    /// A required box or pack number, trimmed; null with <paramref name="code"/> when it is absent or blank. The schema
    /// names the same fault with a generic code (required, length, pattern); the domain code replaces it so 动监e通's
    /// operator reads which number to fill in.
    /// </summary>
    private static string? Labelled(string? text, string path, string code, string label, List<Violation> violations)
    {
        if (DjetInbound.Clean(text) is { } value)
        {
            return value;
        }

        violations.RemoveAll(v => v.Code.StartsWith("SCHEMA_", StringComparison.Ordinal) && v.Path == path);
        violations.Add(new Violation(path, code, $"'{path[(path.LastIndexOf('.') + 1)..]}' {label} number is required for every registered range."));
        return null;
    }
}
