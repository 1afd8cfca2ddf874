using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EarTagTrace.Hub.Imports;

/// <summary>
/// One worksheet to write: its name, header, column widths, which columns are text, and its rows, streamed as they come
/// (a 100,000-row stock sheet is never held). With <see cref="FirstRowIsExample"/> row 2 is a template's example row,
/// in grey italics.
/// </summary>
public sealed record SheetTab(string Name, IReadOnlyList<string> Header, IReadOnlyList<double> Widths, IReadOnlyList<bool> Text,
    IEnumerable<object?[]> Rows, bool FirstRowIsExample = false);

/// <summary>
/// Writes every .xlsx the hub hands out (the stock sheet and its template, the 采集表 template and region report, the
/// trace's task sheet) with the shared <see cref="SheetStyles"/>: a frozen header, and code, phone and tag columns as
/// text cells in text-formatted columns, so a 15-digit tag or an 11-digit phone never turns into 1.22012E+14.
/// </summary>
public static class SheetWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string NotesSheetName = "填写说明";

    private const uint TextStyle = 1, HeaderStyle = 2, ExampleTextStyle = 3, ExampleNumberStyle = 4;

    /// <summary>
    /// The workbook: <paramref name="tabs"/> in order, then, when given, a <see cref="NotesSheetName"/> sheet with one
    /// line of <paramref name="notes"/> per row (the first as its title).
    /// </summary>
    public static void Write(Stream stream, string headerFillRgb, IReadOnlyList<SheetTab> tabs, IReadOnlyList<string>? notes = null,
        double notesWidth = 120)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = SheetStyles.Create(headerFillRgb);
        var entries = new List<Sheet>();
        uint id = 1;
        foreach (var tab in tabs)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            WriteTab(part, tab);
            entries.Add(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = tab.Name });
        }
        if (notes is not null)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            part.Worksheet = new Worksheet(
                new Columns(new Column { Min = 1, Max = 1, Width = notesWidth, CustomWidth = true }),
                new SheetData(notes.Select((line, i) => new Row(InlineText(Reference(0, i + 1), line, i == 0 ? HeaderStyle : 0)) { RowIndex = (uint)(i + 1) })));
            entries.Add(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = NotesSheetName });
        }
        workbook.Workbook = new Workbook(new Sheets(entries));
    }

    private static void WriteTab(WorksheetPart part, SheetTab tab)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        // The header row frozen, so it stays in view down a long sheet.
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
        { WorkbookViewId = 0 }));
        writer.WriteElement(new Columns(tab.Widths.Select((w, i) => new Column
        {
            Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true, Style = tab.Text[i] ? TextStyle : 0,
        })));
        writer.WriteStartElement(new SheetData());
        WriteRow(writer, 1, [.. tab.Header], HeaderStyle, HeaderStyle);
        var number = 1;
        foreach (var row in tab.Rows)
        {
            number++;
            var example = tab.FirstRowIsExample && number == 2;
            WriteRow(writer, number, row, example ? ExampleTextStyle : TextStyle, example ? ExampleNumberStyle : 0);
        }
        writer.WriteEndElement(); // sheetData
        writer.WriteEndElement(); // worksheet
    }

    private static void WriteRow(OpenXmlWriter writer, int number, object?[] values, uint textStyle, uint numberStyle)
    {
        writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", number.ToString(CultureInfo.InvariantCulture))]);
        for (var i = 0; i < values.Length; i++)
        {
            var reference = Reference(i, number);
            switch (values[i])
            {
                case decimal or long or int or double:
                    writer.WriteElement(new Cell
                    {
                        CellReference = reference, StyleIndex = numberStyle,
                        CellValue = new CellValue(Convert.ToString(values[i], CultureInfo.InvariantCulture)!),
                    });
                    break;
                case string { Length: > 0 } text:
                    writer.WriteElement(InlineText(reference, text, textStyle));
                    break;
            }
        }
        writer.WriteEndElement();
    }

    private static Cell InlineText(string reference, string text, uint style) => new()
    {
        CellReference = reference, StyleIndex = style, DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
    };

    /// <summary>A1-style reference: column 0 is A, 26 is AA.</summary>
    private static string Reference(int column, int row)
    {
        var name = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26) name = (char)('A' + (c - 1) % 26) + name;
        return name + row.ToString(CultureInfo.InvariantCulture);
    }
}
