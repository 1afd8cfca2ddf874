using System.Globalization;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Features.TagStockSheet;

/// <summary>
/// The cell rules of one sheet row: every cell judged, every fault a reason whose path names the row and the column
/// ("row 17, 数量"), so the report can point at the cell. Registrar, county and overlap rules are
/// <see cref="TagStockRegistrar"/>'s, shared with the 动监e通 push.
/// </summary>
public static class StockSheetRowRules
{
    public const string CellMissing = "CELL_MISSING";
    public const string CellTooLong = "CELL_TOO_LONG";
    public const string RegionCodeInvalid = "REGION_CODE_INVALID";
    public const string CountInvalid = "COUNT_INVALID";
    public const string TimeInvalid = "TIME_INVALID";

    /// <summary>As long as 动监e通's xh/bh may be.</summary>
    private const int MaxBoxLength = 32;

    // Besides the template's format, what Excel writes for a date cell when the sheet is saved as CSV.
    private static readonly string[] ExcelCsvTimes = ["yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"];

    public static string PathOf(int row) => $"row {row}";
    public static string PathOf(int row, StockSheetColumn column) => $"row {row}, {StockSheetColumns.HeaderOf(column)}";

    /// <summary>The row ready to register, or null with its reasons added.</summary>
    /// <param name="cells">The row's cells in <see cref="StockSheetColumn"/> order.</param>
    public static StockRegistrationRow? Check(int row, Func<StockSheetColumn, string> cells, List<InboundReason> reasons)
    {
        var before = reasons.Count;
        void Fail(StockSheetColumn column, string code, string detail) =>
            reasons.Add(new InboundReason(code, detail, PathOf(row, column)));
        string? Required(StockSheetColumn column)
        {
            var text = cells(column);
            if (!string.IsNullOrWhiteSpace(text)) return text.Trim();
            Fail(column, CellMissing, $"{StockSheetColumns.HeaderOf(column)} is empty");
            return null;
        }
        // 箱号 and 包号 are required (对箱号、包号、号段、数量等信息进行详细登记), each with its own code, as in the 动监e通 push.
        string? Label(StockSheetColumn column, string missingCode)
        {
            var text = cells(column)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                Fail(column, missingCode, $"{StockSheetColumns.HeaderOf(column)} is empty: every range is registered with its box and pack");
                return null;
            }
            if (text.Length > MaxBoxLength)
                Fail(column, CellTooLong, $"{StockSheetColumns.HeaderOf(column)} is {text.Length} characters, at most {MaxBoxLength}");
            return text;
        }

        var registrar = Required(StockSheetColumn.CountyCode);
        if (registrar is not null && !(registrar.Length is 6 or 9 && registrar.All(char.IsAsciiDigit)))
            Fail(StockSheetColumn.CountyCode, RegionCodeInvalid, $"{registrar}: a county code is 6 digits (a township registering its own stock: 9)");
        var box = Label(StockSheetColumn.Box, TagCodes.BoxMissing);
        var pack = Label(StockSheetColumn.Pack, TagCodes.PackMissing);

        var first = Required(StockSheetColumn.FirstTag);
        var last = Required(StockSheetColumn.LastTag);
        TagRange? range = null;
        if (first is not null && last is not null)
        {
            if (!TagNumber.TryParse(first, out _, out var why))
                Fail(StockSheetColumn.FirstTag, TagCodes.TagMalformed, $"{first}: {why}{ExcelHint(first)}");
            else if (!TagNumber.TryParse(last, out _, out why))
                Fail(StockSheetColumn.LastTag, TagCodes.TagMalformed, $"{last}: {why}{ExcelHint(last)}");
            else if (!TagRange.TryParse(first, last, out var parsed, out var code, out why))
                Fail(StockSheetColumn.LastTag, code!, why!);
            else range = parsed;
        }

        long count = 0;
        if (Required(StockSheetColumn.Count) is { } countText)
        {
            if (!long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1)
                Fail(StockSheetColumn.Count, CountInvalid, $"{countText}: 数量 is a whole number of tags, at least 1");
            else if (range is { } r && r.Count != count)
                Fail(StockSheetColumn.Count, TagCodes.CountMismatch, $"数量 {count} but {r} holds {r.Count} tags");
        }

        var at = default(DateTimeOffset);
        if (Required(StockSheetColumn.RegisteredAt) is { } timeText && !TryParseTime(timeText, out at))
            Fail(StockSheetColumn.RegisteredAt, TimeInvalid, $"{timeText}: 登记时间 is {ChinaTime.TextFormat} (China time)");

        if (reasons.Count > before || registrar is null || range is null || box is null || pack is null) return null;
        return new StockRegistrationRow(registrar, new CanonicalStockRow(box, pack, range.Value, count, at), PathOf(row));
    }

    private static bool TryParseTime(string text, out DateTimeOffset utc)
    {
        if (ChinaTime.TryParse(text, out utc)) return true;
        if (DateTime.TryParseExact(text, ExcelCsvTimes, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            utc = new DateTimeOffset(local, ChinaTime.Offset).ToUniversalTime();
            return true;
        }
        return false;
    }

    // Excel shows a 15-digit number typed into a General cell as 1.22012E+14, and saves it so in CSV: the digits are gone.
    private static string ExcelHint(string text) =>
        text.Contains('E', StringComparison.OrdinalIgnoreCase) && text.Contains('+')
            ? " (Excel turned the number into scientific notation: format the column as text and type the tag again)"
            : "";
}
