using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EarTagTrace.Hub.Imports;

/// <summary>
/// Reads the first worksheet of an .xlsx row by row with <see cref="OpenXmlReader"/> (SAX): the worksheet part is never
/// loaded as a DOM, so a 100,000-row sheet costs one row at a time, plus the shared strings, loaded once.
/// </summary>
public sealed class XlsxSheetReader : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart _sheet;
    private readonly List<string> _sharedStrings;

    /// <summary>Serial dates count from 1904-01-01 (old Mac workbooks) instead of 1900-01-00.</summary>
    public bool Date1904 { get; }

    private XlsxSheetReader(SpreadsheetDocument document, WorksheetPart sheet, List<string> sharedStrings, bool date1904)
    {
        _document = document;
        _sheet = sheet;
        _sharedStrings = sharedStrings;
        Date1904 = date1904;
    }

    /// <summary>Opens a seekable stream holding an .xlsx; throws <see cref="SheetUnreadableException"/> for anything else.</summary>
    public static XlsxSheetReader Open(Stream stream)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException)
        {
            throw new SheetUnreadableException("SHEET_UNREADABLE", $"not a readable .xlsx workbook: {e.Message}");
        }
        try
        {
            // workbook.xml is small (the sheet list): reading it as a DOM is fine, the worksheet is what must stream.
            var workbook = document.WorkbookPart
                ?? throw new SheetUnreadableException("SHEET_UNREADABLE", "the package holds no workbook");
            var sheet = workbook.Workbook.Sheets?.Elements<Sheet>()
                .Select(s => s.Id?.Value is { } id ? workbook.GetPartById(id) as WorksheetPart : null)
                .FirstOrDefault(p => p is not null)
                ?? throw new SheetUnreadableException("SHEET_UNREADABLE", "the workbook has no worksheet");
            var date1904 = workbook.Workbook.WorkbookProperties?.Date1904?.Value ?? false;
            return new XlsxSheetReader(document, sheet, ReadSharedStrings(workbook.SharedStringTablePart), date1904);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null) return strings;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(SharedStringItem) || !reader.IsStartElement) continue;
            // One <si> at a time; phonetic runs (<rPh>, furigana) are not part of the value.
            var item = (SharedStringItem)reader.LoadCurrentElement()!;
            strings.Add(item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text)));
        }
        return strings;
    }

    /// <summary>The worksheet's rows in order, each with its own row number; rows the file leaves out are simply absent.</summary>
    public IEnumerable<SheetRecord> Rows()
    {
        using var reader = OpenXmlReader.Create(_sheet);
        var rowNumber = 0;
        List<SheetCell>? cells = null;
        int column = -1;
        string? type = null, value = null;
        StringBuilder? inline = null;
        var inCell = false;
        var phoneticDepth = 0;
        while (reader.Read())
        {
            var element = reader.ElementType;
            if (element == typeof(Row))
            {
                if (reader.IsStartElement)
                {
                    rowNumber = Attribute(reader, "r") is { } r && int.TryParse(r, out var n) ? n : rowNumber + 1;
                    cells = [];
                    column = -1;
                }
                else if (cells is not null)
                {
                    yield return new SheetRecord(rowNumber, cells);
                    cells = null;
                }
            }
            else if (element == typeof(Cell) && cells is not null)
            {
                if (reader.IsStartElement)
                {
                    column = Attribute(reader, "r") is { } reference ? ColumnIndex(reference) : column + 1;
                    type = Attribute(reader, "t");
                    value = null;
                    inline = null;
                    inCell = true;
                }
                else
                {
                    Place(cells, column, ToCell(type, value, inline));
                    inCell = false;
                }
            }
            else if (!inCell) continue;
            else if (element == typeof(PhoneticRun)) phoneticDepth += reader.IsStartElement ? 1 : -1;
            else if (element == typeof(CellValue) && reader.IsStartElement) value = reader.GetText();
            else if (element == typeof(Text) && reader.IsStartElement && phoneticDepth == 0)
                (inline ??= new StringBuilder()).Append(reader.GetText());
        }
    }

    private SheetCell ToCell(string? type, string? value, StringBuilder? inline) => type switch
    {
        "s" => int.TryParse(value, out var i) && i >= 0 && i < _sharedStrings.Count ? new SheetCell(_sharedStrings[i]) : SheetCell.Empty,
        "inlineStr" => new SheetCell(inline?.ToString() ?? ""),
        "str" or "b" or "e" => new SheetCell(value ?? ""),
        "d" => new SheetCell(value ?? "", SheetCellKind.Date),
        // No type (or "n"): a number, kept as the digits the file stores, never parsed into a double here.
        _ => value is null ? SheetCell.Empty : new SheetCell(value, SheetCellKind.Number),
    };

    private static void Place(List<SheetCell> cells, int column, SheetCell cell)
    {
        if (column < 0) return;
        while (cells.Count <= column) cells.Add(SheetCell.Empty);
        cells[column] = cell;
    }

    private static string? Attribute(OpenXmlReader reader, string name)
    {
        foreach (var a in reader.Attributes)
            if (a.LocalName == name && string.IsNullOrEmpty(a.NamespaceUri)) return a.Value;
        return null;
    }

    /// <summary>"AB12" → 27 (0-based column of the reference).</summary>
    internal static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z') index = index * 26 + (c - 'A' + 1);
            else if (c is >= 'a' and <= 'z') index = index * 26 + (c - 'a' + 1);
            else break;
        }
        return index - 1;
    }

    public void Dispose() => _document.Dispose();
}
