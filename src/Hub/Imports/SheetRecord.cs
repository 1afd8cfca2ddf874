using System.Globalization;
namespace EarTagTrace.Hub.Imports;

public enum SheetCellKind { Text, Number, Date }

/// <summary>A cell as read: its text (for a number, the stored digits, never a double's rendering) and its kind.</summary>
public readonly record struct SheetCell(string Text, SheetCellKind Kind = SheetCellKind.Text)
{
    public static readonly SheetCell Empty = new("");
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);
}

/// <summary>One row of an uploaded sheet: its number as the sheet shows it (1-based) and its cells by column (0 = A).</summary>
public sealed record SheetRecord(int Row, IReadOnlyList<SheetCell> Cells)
{
    public SheetCell this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : SheetCell.Empty;
    public bool IsBlank => Cells.All(c => c.IsBlank);
}

/// <summary>The upload cannot be read as a stock sheet at all (400): not a workbook, no header row, no data rows.</summary>
public sealed class SheetUnreadableException(string code, string detail) : Exception(detail)
{
    public string Code => code;
}

/// <summary>Cell text as the sheets' rules read it.</summary>
public static class SheetText
{
    /// <summary>
    /// A number cell's stored text as plain digits: a 15-digit tag stored as a number may be written "1.22012200000001E+14",
    /// and decimal (not double) brings it back exactly. A fraction stays as it is, for the rules to refuse.
    /// </summary>
    public static string NumberText(string raw)
    {
        raw = raw.Trim();
        if (raw.All(char.IsAsciiDigit)) return raw;
        return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d)
            ? d.ToString("0", CultureInfo.InvariantCulture)
            : raw;
    }
}
