namespace EarTagTrace.Hub.Imports;

/// <summary>The columns of 库存耳标登记表, in the template's order.</summary>
public enum StockSheetColumn { CountyCode, Box, Pack, FirstTag, LastTag, Count, RegisteredAt }

/// <summary>One column: the Chinese header the template writes and the report names, and the English key also accepted.</summary>
public sealed record StockSheetColumnInfo(StockSheetColumn Column, string Header, string Key, bool Required, double Width, bool Text);

public static class StockSheetColumns
{
    /// <summary>What the journal names an imported stock sheet by: its source and message type.</summary>
    public const string Source = "sheet", MessageType = "tag-stock-import";

    /// <summary>The first column of the normalized CSV: the row's number in the uploaded sheet, so reasons name it.</summary>
    public const string RowHeader = "行号";

    public static readonly IReadOnlyList<StockSheetColumnInfo> All =
    [
        new(StockSheetColumn.CountyCode, "县级区划代码", "county_code", Required: true, Width: 16, Text: true),
        new(StockSheetColumn.Box, "箱号", "box", Required: true, Width: 12, Text: true),
        new(StockSheetColumn.Pack, "包号", "pack", Required: true, Width: 12, Text: true),
        new(StockSheetColumn.FirstTag, "起始耳标号", "first_tag", Required: true, Width: 20, Text: true),
        new(StockSheetColumn.LastTag, "终止耳标号", "last_tag", Required: true, Width: 20, Text: true),
        new(StockSheetColumn.Count, "数量", "count", Required: true, Width: 10, Text: false),
        new(StockSheetColumn.RegisteredAt, "登记时间", "registered_at", Required: true, Width: 22, Text: true),
    ];

    public static string HeaderOf(StockSheetColumn column) => All[(int)column].Header;

    /// <summary>
    /// A header cell → its column: the Chinese name or the English key, ignoring spaces, case, '_' and a trailing hint
    /// in brackets ("登记时间（yyyy-MM-dd HH:mm:ss）"), so a sheet someone relabelled a little still reads.
    /// </summary>
    public static StockSheetColumn? Match(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var cut = header.IndexOfAny(['(', '（', '\n', '[', '【']);
        var name = new string((cut > 0 ? header[..cut] : header).Where(c => !char.IsWhiteSpace(c) && c is not '_' and not '*').ToArray());
        foreach (var info in All)
        {
            if (string.Equals(name, info.Header, StringComparison.Ordinal)
                || string.Equals(name, info.Key.Replace("_", ""), StringComparison.OrdinalIgnoreCase))
                return info.Column;
        }
        return null;
    }

    /// <summary>
    /// The template's example row (and any row a person wants left out) starts its first cell with "示例" or "#": such
    /// a row is skipped, not refused. An example row overwritten with real data loses the mark and is imported.
    /// </summary>
    public static bool IsMarkedSkip(string? countyCell) =>
        countyCell is not null && (countyCell.TrimStart().StartsWith("示例", StringComparison.Ordinal) || countyCell.TrimStart().StartsWith('#'));
}
