using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Tests.Imports;

/// <summary>
/// The sheet readers behind 库存耳标登记表 and 采集表: the CSV reader scans blocks (so a quote or a CR/LF may straddle
/// two of them) and must read every file exactly as the character-at-a-time reader it replaced; the xlsx reader reads
/// the worksheet and shared strings with a plain XmlReader and must keep what the SDK's reader made of rich text.
/// </summary>
public sealed class Reading_uploaded_sheets
{
    [Theory]
    [InlineData("a,b,c\nd,e,f\n")]
    [InlineData("a,b\r\nc,d")]
    [InlineData("a,b\rc,d\r\n\r\n")]
    [InlineData("\uFEFFa,b\n")]
    [InlineData("\uFEFF\uFEFFa\n")]
    [InlineData("\"a,b\",\"c\"\"d\",e\"f\n")]
    [InlineData("\"ab\"cd,\"x\ny\"\n")]
    [InlineData("\"unterminated,a\nb")]
    [InlineData("\"\"")]
    [InlineData("a,\"\"")]
    [InlineData("\n\n,\n")]
    [InlineData("a,b,\"c\"")]
    [InlineData("\"a\"\r\n\"b\"\r")]
    [InlineData("")]
    public void Should_read_csv_as_the_character_reader_did(string text)
    {
        foreach (var chunk in new[] { 1, 2, 3, 7, 1 << 20 })
            Assert.Equal(Reference(text), Records(CsvSheet.Read(new ChunkedReader(text, chunk))));
    }

    [Fact]
    public void Should_read_random_csv_as_the_character_reader_did_whatever_the_block_boundaries()
    {
        var random = new Random(20261130);
        const string alphabet = "ab,,\"\"\r\n \uFEFF1";
        for (var n = 0; n < 2000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 60)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var expected = Reference(text);
            Assert.Equal(expected, Records(CsvSheet.Read(new ChunkedReader(text, random.Next(1, 9)))));
            Assert.Equal(expected, Records(CsvSheet.Read(new StringReader(text))));
        }
    }

    [Fact]
    public void Should_read_a_long_csv_across_its_blocks_and_hold_a_repeated_cell_once()
    {
        var csv = new StringBuilder("county,first,time\r\n");
        for (var i = 0; i < 20_000; i++)
            csv.Append(CultureInfo.InvariantCulture, $"220122,\"{i:D15}\",2026-05-01 09:00:00\r\n");

        var records = CsvSheet.Read(new StringReader(csv.ToString())).ToList();

        Assert.Equal(Reference(csv.ToString()), Records(records));
        Assert.Equal(20_001, records[^1].Row);
        Assert.Equal(19_999.ToString("D15", CultureInfo.InvariantCulture), records[^1][1].Text);
        Assert.Same(records[1][0].Text, records[^1][0].Text);
        Assert.Same(records[1][2].Text, records[^1][2].Text);
    }

    [Fact]
    public void Should_read_rich_text_inline_strings_numbers_and_gaps_from_an_xlsx()
    {
        var xlsx = Workbook(
            """<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">"""
            + "<si><t>县级区划代码</t></si>"
            + "<si><r><rPr><b/></rPr><t>起始</t></r><r><t xml:space=\"preserve\">耳标号 </t></r><rPh sb=\"0\" eb=\"2\"><t>qishi</t></rPh></si>"
            + "<si><t>A&amp;B</t><rPh sb=\"0\" eb=\"1\"><t>ignored</t></rPh></si>"
            + "<si/>"
            + "</sst>",
            """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"""
            + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
            + "<row r=\"3\"><c t=\"s\"><v>2</v></c><c t=\"inlineStr\"><is><r><t>X</t></r><r><t>1</t></r><rPh><t>no</t></rPh></is></c>"
            + "<c r=\"D3\"><v>122012200000001</v></c><c r=\"E3\" t=\"str\"><v>f</v></c><c r=\"F3\" s=\"1\"/><c r=\"G3\" t=\"s\"><v>3</v></c>"
            + "<c r=\"H3\" t=\"s\"><v>99</v></c></row>"
            + "<row><c r=\"B4\" t=\"d\"><v>2026-05-01T09:00:00</v></c><c r=\"C4\"><v>46143.375</v></c></row>"
            + "<row r=\"6\"/>"
            + "</sheetData></worksheet>");

        using var reader = XlsxSheetReader.Open(new MemoryStream(xlsx));
        var rows = reader.Rows().Where(r => !r.IsBlank).ToList();

        Assert.Equal([1, 3, 4], rows.Select(r => r.Row));
        Assert.Equal(["县级区划代码", "", "起始耳标号 "], rows[0].Cells.Select(c => c.Text));
        Assert.Equal(["A&B", "X1", "", "122012200000001", "f", "", "", ""], rows[1].Cells.Select(c => c.Text));
        Assert.Equal(SheetCellKind.Number, rows[1][3].Kind);
        Assert.Equal(SheetCellKind.Text, rows[1][4].Kind);
        Assert.Equal(("2026-05-01T09:00:00", SheetCellKind.Date), (rows[2][1].Text, rows[2][1].Kind));
        Assert.Equal(("46143.375", SheetCellKind.Number), (rows[2][2].Text, rows[2][2].Kind));
    }

    [Fact]
    public void Should_refuse_a_worksheet_that_is_not_xml_as_unreadable_xml()
    {
        var xlsx = Workbook(null, """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c><v>1</v></row>""");

        using var reader = XlsxSheetReader.Open(new MemoryStream(xlsx));

        Assert.Throws<System.Xml.XmlException>(() => reader.Rows().ToList());
    }

    [Fact]
    public void Should_refuse_a_shared_string_table_that_is_not_xml_as_an_unreadable_sheet()
    {
        var xlsx = Workbook("""<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</si></sst>""",
            """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>""");

        var refused = Assert.Throws<SheetUnreadableException>(() => XlsxSheetReader.Open(new MemoryStream(xlsx)));

        Assert.Equal("SHEET_UNREADABLE", refused.Code);
    }

    /// <summary>A workbook whose worksheet (and shared strings) are the given XML, written as bytes into the parts.</summary>
    private static byte[] Workbook(string? sharedStrings, string worksheet)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            if (sharedStrings is not null)
            {
                var strings = workbook.AddNewPart<SharedStringTablePart>();
                using var s = strings.GetStream(FileMode.Create);
                s.Write(Encoding.UTF8.GetBytes(sharedStrings));
            }
            var sheet = workbook.AddNewPart<WorksheetPart>();
            using (var w = sheet.GetStream(FileMode.Create))
                w.Write(Encoding.UTF8.GetBytes(worksheet));
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
        }
        return buffer.ToArray();
    }

    private static List<(int, string)> Records(IEnumerable<SheetRecord> records) =>
        records.Select(r => (r.Row, string.Join("|", r.Cells.Select(c => "[" + c.Text + "]")))).ToList();

    /// <summary>The reader as it was before it read in blocks: one character at a time, with Peek.</summary>
    private static List<(int, string)> Reference(string text)
    {
        var reader = new StringReader(text);
        var records = new List<(int, string)>();
        var row = 0;
        var cells = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var atFieldStart = true;
        int c;
        string Line() => string.Join("|", cells.Select(x => "[" + x + "]"));
        while ((c = reader.Read()) != -1)
        {
            if (quoted)
            {
                if (c != '"') field.Append((char)c);
                else if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                else quoted = false;
                continue;
            }
            switch (c)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    break;
                case ',':
                    cells.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && reader.Peek() == '\n') reader.Read();
                    cells.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    records.Add((++row, Line()));
                    cells = [];
                    break;
                case '\uFEFF' when row == 0 && cells.Count == 0 && field.Length == 0:
                    break;
                default:
                    field.Append((char)c);
                    atFieldStart = false;
                    break;
            }
        }
        if (field.Length > 0 || cells.Count > 0 || quoted)
        {
            cells.Add(field.ToString());
            records.Add((++row, Line()));
        }
        return records;
    }

    /// <summary>Hands out the text at most <paramref name="chunk"/> characters a read, so blocks end anywhere.</summary>
    private sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _at;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), text.Length - _at);
            text.CopyTo(_at, buffer, index, n);
            _at += n;
            return n;
        }

        public override int Peek() => _at < text.Length ? text[_at] : -1;

        public override int Read() => _at < text.Length ? text[_at++] : -1;
    }
}
