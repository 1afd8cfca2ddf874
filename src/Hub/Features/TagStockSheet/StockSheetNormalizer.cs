using System.Globalization;
using System.Text;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.TagStockSheet;

/// <summary>The sheet as the journal keeps it: CSV of 行号 + the seven columns in the template's order, one line per data row.</summary>
public sealed record NormalizedStockSheet(string Csv, int Rows);

/// <summary>
/// Turns the rows of an uploaded sheet (xlsx or CSV, streamed) into the normalized CSV the import message carries:
/// finds the header (its columns in any order, extra columns ignored), skips blank and marked rows, and writes each
/// cell as text: numbers as their digits, Excel dates as <c>yyyy-MM-dd HH:mm:ss</c>. Cells are not judged here; the
/// handler does that, so a replay judges them again with today's rules.
/// </summary>
public static class StockSheetNormalizer
{
    /// <summary>Well above a county's yearly stock in ranges; a bigger file is refused before it is held in memory.</summary>
    public const int MaxRows = 200_000;

    /// <summary>A title or a note may stand above the header; it is looked for in the first rows.</summary>
    private const int HeaderSearchRows = 10;

    public static NormalizedStockSheet Normalize(IEnumerable<SheetRecord> records, bool date1904 = false)
    {
        int[]? map = null;
        IReadOnlyList<string> missing = StockSheetColumns.All.Where(c => c.Required).Select(c => c.Header).ToList();
        var looked = 0;
        var csv = new StringBuilder();
        var rows = 0;
        var fields = new string?[1 + StockSheetColumns.All.Count];
        foreach (var record in records)
        {
            if (map is null)
            {
                if (record.IsBlank) continue;
                map = Header(record, out var lacking);
                if (map is not null)
                {
                    CsvSheet.AppendRecord(csv, StockSheetColumns.All.Select(c => c.Header).Prepend(StockSheetColumns.RowHeader));
                    continue;
                }
                if (lacking.Count < missing.Count) missing = lacking;
                if (++looked >= HeaderSearchRows) break;
                continue;
            }

            if (map.All(i => record[i].IsBlank)) continue;
            if (StockSheetColumns.IsMarkedSkip(record[map[(int)StockSheetColumn.CountyCode]].Text)) continue;
            if (++rows > MaxRows)
                throw new SheetUnreadableException("SHEET_TOO_LARGE", $"more than {MaxRows:N0} data rows: split the sheet");
            fields[0] = record.Row.ToString(CultureInfo.InvariantCulture);
            foreach (var column in StockSheetColumns.All)
                fields[1 + (int)column.Column] = TextOf(record[map[(int)column.Column]], column.Column, date1904);
            CsvSheet.AppendRecord(csv, fields);
        }

        if (map is null)
            throw new SheetUnreadableException("HEADER_NOT_FOUND",
                $"no header row with {string.Join(", ", StockSheetColumns.All.Where(c => c.Required).Select(c => c.Header))} in the first {HeaderSearchRows} rows "
                + $"(missing {string.Join(", ", missing)}); GET /api/tag-stock/template gives the sheet to fill");
        if (rows == 0)
            throw new SheetUnreadableException("SHEET_EMPTY", "the sheet has a header but no data rows (example rows marked 示例 or # are skipped)");
        return new NormalizedStockSheet(csv.ToString(), rows);
    }

    /// <summary>The sheet column of each <see cref="StockSheetColumn"/> (-1: absent, allowed for optional ones), or null.</summary>
    private static int[]? Header(SheetRecord record, out IReadOnlyList<string> missing)
    {
        var map = Enumerable.Repeat(-1, StockSheetColumns.All.Count).ToArray();
        for (var i = 0; i < record.Cells.Count; i++)
        {
            if (StockSheetColumns.Match(record.Cells[i].Text) is { } column && map[(int)column] < 0)
                map[(int)column] = i;
        }
        missing = StockSheetColumns.All.Where(c => c.Required && map[(int)c.Column] < 0).Select(c => c.Header).ToList();
        return missing.Count == 0 ? map : null;
    }

    private static string TextOf(SheetCell cell, StockSheetColumn column, bool date1904) => cell.Kind switch
    {
        SheetCellKind.Number when column == StockSheetColumn.RegisteredAt => SerialDate(cell.Text, date1904) ?? cell.Text.Trim(),
        SheetCellKind.Number => SheetText.NumberText(cell.Text),
        SheetCellKind.Date => DateTime.TryParse(cell.Text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString(ChinaTime.TextFormat, CultureInfo.InvariantCulture) : cell.Text.Trim(),
        _ => cell.Text.Trim(),
    };

    /// <summary>An Excel serial date (days since 1899-12-30, or 1904-01-01) as China local time text, to the second.</summary>
    internal static string? SerialDate(string raw, bool date1904)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)) return null;
        if (date1904) serial += 1462;
        // 1900-03-01 .. 9999-12-31: earlier serials pass through Excel's phantom 1900-02-29.
        if (serial is < 61 or >= 2_958_466) return null;
        var ticks = DateTime.FromOADate(serial).Ticks;
        var rounded = new DateTime((ticks + TimeSpan.TicksPerSecond / 2) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);
        return rounded.ToString(ChinaTime.TextFormat, CultureInfo.InvariantCulture);
    }
}
