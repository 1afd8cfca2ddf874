namespace EarTagTrace.Hub.Features.TagStockSheet;

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
