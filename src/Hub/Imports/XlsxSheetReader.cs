using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EarTagTrace.Hub.Imports;

/// <summary>
/// Reads the first worksheet of an .xlsx row by row with an <see cref="XmlReader"/> (SAX): the worksheet part is never
/// loaded as a DOM, so a 100,000-row sheet costs one row at a time, plus the shared strings, loaded once. The package,
/// the workbook and its relationships are the SDK's to open and check.
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
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException)
        {
            // A workbook or shared string table that is not well-formed XML (or a part that does not inflate).
            document.Dispose();
            throw new SheetUnreadableException("SHEET_UNREADABLE", $"not a readable .xlsx workbook: {e.Message}");
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
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, Settings);
        var names = new Names(xml.NameTable);
        // One <si> at a time: its own <t>, or else the <t> of each of its runs <r>; phonetic runs (<rPh>, furigana) are
        // not part of the value.
        var itemDepth = -1;
        string? own = null;
        StringBuilder? runs = null;
        var inRun = false;
        var runHasText = false;
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && names.IsSheetMl(xml))
            {
                var name = xml.LocalName;
                if ((object)name == names.Si)
                {
                    if (xml.IsEmptyElement) strings.Add("");
                    else
                    {
                        itemDepth = xml.Depth;
                        own = null;
                        runs = null;
                    }
                }
                else if (itemDepth >= 0 && (object)name == names.T && (xml.Depth == itemDepth + 1 || (inRun && xml.Depth == itemDepth + 2)))
                {
                    var direct = xml.Depth == itemDepth + 1;
                    var text = xml.ReadElementContentAsString();
                    if (direct) own ??= text;
                    else if (!runHasText)
                    {
                        (runs ??= new StringBuilder()).Append(text);
                        runHasText = true;
                    }
                    continue;
                }
                else if (itemDepth >= 0 && (object)name == names.R && xml.Depth == itemDepth + 1 && !xml.IsEmptyElement)
                {
                    inRun = true;
                    runHasText = false;
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement && itemDepth >= 0 && names.IsSheetMl(xml))
            {
                if ((object)xml.LocalName == names.Si && xml.Depth == itemDepth)
                {
                    strings.Add(own ?? runs?.ToString() ?? "");
                    itemDepth = -1;
                }
                else if ((object)xml.LocalName == names.R && xml.Depth == itemDepth + 1) inRun = false;
            }
            xml.Read();
        }
        return strings;
    }

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>The element names the reader looks for, atomized in the reader's name table so they compare by reference.</summary>
    private sealed class Names(XmlNameTable table)
    {
        public readonly string Row = table.Add("row"), C = table.Add("c"), V = table.Add("v"), T = table.Add("t"), Is = table.Add("is"),
            R = table.Add("r"), RPh = table.Add("rPh"), Si = table.Add("si");
        private readonly string _main = table.Add("http://schemas.openxmlformats.org/spreadsheetml/2006/main");
        private readonly string _strict = table.Add("http://purl.oclc.org/ooxml/spreadsheetml/main");

        /// <summary>An element of SpreadsheetML (transitional or strict), not of an extension.</summary>
        public bool IsSheetMl(XmlReader xml) => (object)xml.NamespaceURI == _main || (object)xml.NamespaceURI == _strict;
    }

    /// <summary>The worksheet's rows in order, each with its own row number; rows the file leaves out are simply absent.</summary>
    /// <remarks>
    /// A plain <see cref="XmlReader"/> over the worksheet part: the SDK's <see cref="OpenXmlReader"/> makes an element
    /// object per node, which was most of the cost of reading a 100,000-row sheet.
    /// </remarks>
    public IEnumerable<SheetRecord> Rows()
    {
        using var stream = _sheet.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, Settings);
        var names = new Names(xml.NameTable);
        var rowNumber = 0;
        List<SheetCell>? cells = null;
        var width = 8;
        int column = -1;
        string? type = null, value = null;
        StringBuilder? inline = null;
        var inCell = false;
        var phoneticDepth = 0;
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.Element && names.IsSheetMl(xml))
            {
                var name = xml.LocalName;
                if ((object)name == names.Row)
                {
                    rowNumber = xml.GetAttribute("r") is { } r && int.TryParse(r, out var n) ? n : rowNumber + 1;
                    cells = new List<SheetCell>(width);
                    column = -1;
                    if (xml.IsEmptyElement)
                    {
                        yield return new SheetRecord(rowNumber, cells);
                        cells = null;
                    }
                }
                else if ((object)name == names.C && cells is not null)
                {
                    column = xml.GetAttribute("r") is { } reference ? ColumnIndex(reference) : column + 1;
                    type = xml.GetAttribute("t");
                    value = null;
                    inline = null;
                    phoneticDepth = 0;
                    if (xml.IsEmptyElement) Place(cells, column, ToCell(type, value, inline));
                    else inCell = true;
                }
                else if (inCell)
                {
                    if ((object)name == names.RPh && !xml.IsEmptyElement) phoneticDepth++;
                    else if ((object)name == names.V)
                    {
                        value = xml.ReadElementContentAsString();
                        continue;
                    }
                    else if ((object)name == names.T && phoneticDepth == 0)
                    {
                        (inline ??= new StringBuilder()).Append(xml.ReadElementContentAsString());
                        continue;
                    }
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement && names.IsSheetMl(xml))
            {
                var name = xml.LocalName;
                if ((object)name == names.Row && cells is not null)
                {
                    width = Math.Max(width, cells.Count);
                    yield return new SheetRecord(rowNumber, cells);
                    cells = null;
                }
                else if ((object)name == names.C && inCell)
                {
                    Place(cells!, column, ToCell(type, value, inline));
                    inCell = false;
                }
                else if ((object)name == names.RPh && inCell) phoneticDepth--;
            }
            xml.Read();
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
