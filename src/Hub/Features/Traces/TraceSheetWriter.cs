using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>
/// Writes 追溯排查任务表 as .xlsx, one worksheet per county, with the workbook styles every sheet of the hub shares
/// (<see cref="Imports.SheetStyles"/>): codes, phones and tag ranges are text cells in text-formatted columns, so an
/// 11-digit phone or a 15-digit tag never turns into 1.38E+10.
/// </summary>
public static class TraceSheetWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const uint TextStyle = 1, HeaderStyle = 2;

    public sealed record Worksheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<double> Widths, IReadOnlyList<bool> Text,
        IEnumerable<object?[]> Rows);

    public static void Write(Stream stream, IReadOnlyList<Worksheet> sheets)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Imports.SheetStyles.Create("FFFBE5D6");
        var entries = new List<Sheet>();
        uint id = 1;
        foreach (var sheet in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            WriteSheet(part, sheet);
            entries.Add(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = sheet.Name });
        }
        workbook.Workbook = new Workbook(new Sheets(entries));
    }

    private static void WriteSheet(WorksheetPart part, Worksheet sheet)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new DocumentFormat.OpenXml.Spreadsheet.Worksheet());
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
        { WorkbookViewId = 0 }));
        writer.WriteElement(new Columns(sheet.Widths.Select((w, i) => new Column
        {
            Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true, Style = sheet.Text[i] ? TextStyle : 0,
        })));
        writer.WriteStartElement(new SheetData());
        WriteRow(writer, 1, [.. sheet.Header], HeaderStyle);
        var number = 1;
        foreach (var row in sheet.Rows) WriteRow(writer, ++number, row, TextStyle);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, int number, object?[] values, uint textStyle)
    {
        writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", number.ToString(CultureInfo.InvariantCulture))]);
        for (var i = 0; i < values.Length; i++)
        {
            var reference = Reference(i, number);
            switch (values[i])
            {
                case long or int:
                    writer.WriteElement(new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(values[i], CultureInfo.InvariantCulture)!) });
                    break;
                case string { Length: > 0 } text:
                    writer.WriteElement(new Cell
                    {
                        CellReference = reference, StyleIndex = textStyle, DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
                    });
                    break;
            }
        }
        writer.WriteEndElement();
    }

    private static string Reference(int column, int row)
    {
        var name = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26) name = (char)('A' + (c - 1) % 26) + name;
        return name + row.ToString(CultureInfo.InvariantCulture);
    }
}
