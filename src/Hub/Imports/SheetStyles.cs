using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EarTagTrace.Hub.Imports;

/// <summary>
/// The cell styles every sheet the hub hands out shares (the stock sheet, the 采集表 and its report), told apart only by
/// the header's fill. Style indexes: 0 plain, 1 text, 2 header, 3 example row (grey italic text), 4 note (grey italic).
/// </summary>
public static class SheetStyles
{
    public static Stylesheet Create(string headerFillRgb)
    {
        static Font Font(params OpenXmlElement[] extra) =>
            new([.. extra, new FontSize { Val = 11 }, new FontName { Val = "等线" }]);
        return new Stylesheet(
            new Fonts(Font(), Font(new Bold()), Font(new Italic(), new Color { Rgb = "FF808080" })) { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = headerFillRgb }) { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(new Border()) { Count = 1 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            // 49 is the built-in "@" (text) format: what a person types into these cells stays text.
            new CellFormats(
                new CellFormat(),
                new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 49, FontId = 1, FillId = 2, ApplyNumberFormat = true, ApplyFont = true, ApplyFill = true },
                new CellFormat { NumberFormatId = 49, FontId = 2, ApplyNumberFormat = true, ApplyFont = true },
                new CellFormat { FontId = 2, ApplyFont = true }) { Count = 5 });
    }
}
