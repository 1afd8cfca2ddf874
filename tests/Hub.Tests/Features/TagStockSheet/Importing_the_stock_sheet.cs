using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EarTagTrace.Hub.Features.TagStockSheet;
using EarTagTrace.Mappings.Canonical;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.TagStockSheet;

[Collection(HubCollection.Name)]
public sealed class Importing_the_stock_sheet(HubFixture hub) : IAsyncLifetime
{
    private const string County = "220122";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string CsvHeader = "县级区划代码,箱号,包号,起始耳标号,终止耳标号,数量,登记时间";
    private static readonly string[] Header = ["县级区划代码", "箱号", "包号", "起始耳标号", "终止耳标号", "数量", "登记时间"];

    static Importing_the_stock_sheet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_download_a_template_whose_header_is_chinese_with_a_marked_example_row()
    {
        var response = await hub.Client.GetAsync("/api/tag-stock/template");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("库存耳标登记表.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        var rows = ReadFirstSheet(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Header, rows[0]);
        Assert.StartsWith("示例", rows[1][0]);
        Assert.Equal(15, rows[1][3].Length);
    }

    [Fact]
    public async Task Should_import_nothing_from_the_untouched_template()
    {
        var template = await hub.Client.GetByteArrayAsync("/api/tag-stock/template");

        var (status, answer) = await ImportAsync(template, Xlsx);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SHEET_EMPTY", answer["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_import_an_xlsx_and_show_the_ranges_in_the_ledger_and_holdings()
    {
        // As Excel writes it: shared strings, a tag and the count as numbers, the time as a serial date, a blank row.
        var sheet = Workbook(
            Header,
            ["示例 220122", "X0001", "B01", Pig(900_001), Pig(901_000), 1000L, "2026-05-01 09:00:00"],
            [County, "X1", "B1", Pig(1), Pig(1000), 1000L, "2026-05-01 09:00:00"],
            [],
            [County, 2L, "B1", long.Parse(Pig(1001)), Pig(1500), 500L, new DateTime(2026, 5, 2, 14, 30, 0)],
            [County, "X3", "B3", Pig(5001), Pig(5010), 10L, "2026-05-03 08:00:00"]);

        var (status, answer) = await ImportAsync(sheet, Xlsx, multipart: true);

        Assert.True(status == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal(3, answer["rows"]!.GetValue<int>());
        Assert.Equal(1510, answer["tags"]!.GetValue<long>());
        Assert.Equal(0, answer["duplicates"]!.GetValue<int>());
        Assert.Equal([(Pig(1), Pig(1500)), (Pig(5001), Pig(5010))], await Holdings(County));
        Assert.Equal(1510, (await LedgerLine(County))["registered"]!.GetValue<long>());
        var trace = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/{Pig(1200)}/trace");
        // 14:30 China time, from the serial date, is 06:30 UTC.
        Assert.Contains("2026-05-02T06:30:00", trace!.ToJsonString());
    }

    [Fact]
    public async Task Should_import_the_same_columns_as_csv()
    {
        var csv = $"""
            {CsvHeader}
            {County},X1,B1,{Pig(1)},{Pig(1000)},1000,2026-05-01 09:00:00
            "{County}","X,2","B""1",{Pig(1001)},{Pig(1500)},500,2026-05-02 14:30:00

            """;

        var (status, answer) = await ImportAsync(Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.True(status == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal(2, answer["rows"]!.GetValue<int>());
        Assert.Equal(1500, answer["tags"]!.GetValue<long>());
        Assert.Equal([(Pig(1), Pig(1500))], await Holdings(County));
    }

    [Fact]
    public async Task Should_read_a_csv_that_a_chinese_excel_saved_in_gb18030_with_its_own_time_format()
    {
        var csv = $"说明：吉林省农安县\r\n{CsvHeader}\r\n{County},X1,B1,{Pig(1)},{Pig(100)},100,2026/5/1 9:00\r\n";

        var (status, answer) = await ImportAsync(Encoding.GetEncoding("GB18030").GetBytes(csv), "text/csv", multipart: true);

        Assert.True(status == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal([(Pig(1), Pig(100))], await Holdings(County));
    }

    [Fact]
    public async Task Should_answer_a_report_naming_row_and_column_and_apply_nothing()
    {
        var (pushed, _) = await SendAsync(hub.Client, "tag-stock", Stock(County, ("B9", Pig(2001), Pig(3000))));
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        var csv = $"""
            {CsvHeader}
            {County},X1,B1,{Pig(1)},{Pig(1000)},1000,2026-05-01 09:00:00
            {County},X1,B2,{Pig(1001)},{Pig(1500)},499,2026-05-01 09:00:00
            {County},X2,B1,{Pig(2500)},{Pig(2600)},101,2026-05-01 09:00:00
            {County},X2,B2,{Pig(4001)},{Pig(4100)},100,2026-05-01 25:00:00
            """;

        var (status, answer) = await ImportAsync(Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(4, answer["rows"]!.GetValue<int>());
        var errors = answer["errors"]!.AsArray()
            .Select(e => (e!["row"]!.GetValue<int>(), e["column"]!.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();
        Assert.Equal([(3, "数量", "COUNT_MISMATCH"), (4, "起始耳标号", "RANGE_OVERLAPS_EXISTING"), (5, "登记时间", "TIME_INVALID")], errors);
        Assert.Contains(Pig(2001), answer["errors"]![1]!["detail"]!.GetValue<string>());
        // Nothing applied, not even the good row 2; the attempt is journaled with its reasons.
        Assert.Equal([(Pig(2001), Pig(3000))], await Holdings(County));
        var journal = await hub.Client.GetFromJsonAsync<JsonObject>("/api/journal?source=sheet&type=tag-stock-import");
        var entry = Assert.Single(journal!["items"]!.AsArray());
        Assert.Equal("Refused", entry!["status"]!.GetValue<string>());
        Assert.Equal(answer["hubId"]!.GetValue<string>(), entry["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Should_name_every_missing_or_malformed_cell()
    {
        var csv = $"""
            {CsvHeader}
            ,X1,B1,{Pig(1)},,10,
            22012,X1,B1,1.22012E+14,{Pig(10)},ten,2026-05-01 09:00:00
            {County},X1,B1,{Pig(20)},{Pig(11)},10,2026-05-01 09:00:00
            {County},X1,B2,{Pig(21)},{Pig(30)},10,2026-05-01 09:00:00
            """;

        var (status, answer) = await ImportAsync(Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = answer["errors"]!.AsArray()
            .Select(e => (e!["row"]!.GetValue<int>(), e["column"]!.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();
        Assert.Equal(
        [
            (2, "县级区划代码", "CELL_MISSING"), (2, "终止耳标号", "CELL_MISSING"), (2, "登记时间", "CELL_MISSING"),
            (3, "县级区划代码", "REGION_CODE_INVALID"), (3, "起始耳标号", "TAG_MALFORMED"), (3, "数量", "COUNT_INVALID"),
            (4, "终止耳标号", "RANGE_INVALID"),
        ], errors);
        Assert.Contains("scientific notation", answer["errors"]![4]!["detail"]!.GetValue<string>());
        // Row 5 is good and was checked against the ledger too, but nothing of the sheet stays.
        Assert.Empty(await Holdings(County));
        var journal = await hub.Client.GetFromJsonAsync<JsonObject>("/api/journal?source=sheet");
        Assert.Equal("Refused", Assert.Single(journal!["items"]!.AsArray())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_import_two_thousand_csv_rows()
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        for (var i = 0; i < 2000; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{County},X{i / 100},B{i % 100},{Pig(i * 10L + 1)},{Pig(i * 10L + 10)},10,2026-05-01 09:00:00\n");

        var (status, answer) = await ImportAsync(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", multipart: true);

        Assert.True(status == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal(2000, answer["rows"]!.GetValue<int>());
        Assert.Equal(20_000, answer["tags"]!.GetValue<long>());
        Assert.Equal([(Pig(1), Pig(20_000))], await Holdings(County));
        Assert.Equal(20_000, (await LedgerLine(County))["registered"]!.GetValue<long>());
    }

    [Fact]
    public async Task Should_journal_the_sheet_so_a_replay_finds_every_row_already_registered()
    {
        using var buffer = new MemoryStream();
        StockSheetWriter.Write(buffer, Enumerable.Range(0, 300).Select(i =>
            StockSheetRow.Of(County, $"X{i}", "B1", new TagRange(long.Parse(Pig(i * 100L + 1)), long.Parse(Pig(i * 100L + 100))),
                new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.FromHours(8)))));
        var (status, answer) = await ImportAsync(buffer.ToArray(), Xlsx);
        Assert.True(status == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal(300, answer["rows"]!.GetValue<int>());

        var replay = await hub.Client.PostAsync($"/api/journal/{answer["hubId"]!.GetValue<string>()}/replay", null);
        var result = await replay.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("Accepted", result!["verdict"]!.GetValue<string>());
        Assert.Equal(300, result["summary"]!["duplicates"]!.GetValue<int>());
        Assert.Equal(30_000, (await LedgerLine(County))["registered"]!.GetValue<long>());
    }

    [Fact]
    public async Task Should_refuse_what_is_not_a_stock_sheet_with_400()
    {
        var (json, jsonAnswer) = await ImportAsync("{}"u8.ToArray(), "application/json");
        var (xls, xlsAnswer) = await ImportAsync([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "application/octet-stream");
        var (broken, brokenAnswer) = await ImportAsync([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], Xlsx);
        var (headless, headlessAnswer) = await ImportAsync(Encoding.UTF8.GetBytes($"{County},X1,B1,{Pig(1)},{Pig(10)},10,2026-05-01 09:00:00\n"), "text/csv");

        Assert.Equal((HttpStatusCode.BadRequest, "CONTENT_TYPE_UNSUPPORTED"), (json, jsonAnswer["title"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "XLS_NOT_SUPPORTED"), (xls, xlsAnswer["title"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "SHEET_UNREADABLE"), (broken, brokenAnswer["title"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "HEADER_NOT_FOUND"), (headless, headlessAnswer["title"]!.GetValue<string>()));
    }

    private async Task<(HttpStatusCode Status, JsonObject Answer)> ImportAsync(byte[] body, string contentType, bool multipart = false)
    {
        var file = new ByteArrayContent(body);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        HttpContent content = file;
        if (multipart)
        {
            var form = new MultipartFormDataContent();
            form.Add(file, "file", contentType == Xlsx ? "库存耳标登记表.xlsx" : "stock.csv");
            content = form;
        }
        using (content)
        {
            var response = await hub.Client.PostAsync("/api/tag-stock/import", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(text.StartsWith('{'), $"{response.StatusCode}: {text}");
            return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
        }
    }

    private async Task<List<(string First, string Last)>> Holdings(string holder)
    {
        var answer = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/holdings?holder={holder}");
        return answer!["items"]!.AsArray().Select(i => (i!["first"]!.GetValue<string>(), i["last"]!.GetValue<string>())).ToList();
    }

    private async Task<JsonObject> LedgerLine(string code)
    {
        var ledger = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/ledger?region={County}");
        Assert.True(ledger!["balanced"]!.GetValue<bool>(), ledger.ToJsonString());
        return ledger["lines"]!.AsArray().Single(l => l!["code"]!.GetValue<string>() == code)!.AsObject();
    }

    /// <summary>
    /// An .xlsx the way Excel writes one, built here with the SDK's DOM (not the hub's writer): text in the shared
    /// string table, numbers as numbers, dates as serial numbers with a date format; null leaves the cell out.
    /// </summary>
    private static byte[] Workbook(params object?[][] rows)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var shared = new List<string>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    Cell? cell = rows[r][c] switch
                    {
                        string s => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Share(shared, s)) },
                        long n => new Cell { CellReference = reference, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)) },
                        DateTime d => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.ToOADate().ToString(CultureInfo.InvariantCulture)) },
                        _ => null,
                    };
                    if (cell is not null) row.Append(cell);
                }
                data.Append(row);
            }
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable =
                new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s))));
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill(), new Fill()), new Borders(new Border()),
                new CellStyleFormats(new CellFormat()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 22, ApplyNumberFormat = true }));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
        }
        return buffer.ToArray();
    }

    private static int Share(List<string> shared, string text)
    {
        var i = shared.IndexOf(text);
        if (i >= 0) return i;
        shared.Add(text);
        return shared.Count - 1;
    }

    /// <summary>The first sheet's rows as text, read with the SDK's DOM (fine for a template of two rows).</summary>
    private static List<string[]> ReadFirstSheet(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var first = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        Assert.Equal("库存耳标登记表", first.Name?.Value);
        var sheet = (WorksheetPart)workbook.GetPartById(first.Id!.Value!);
        var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        return sheet.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().Select(c =>
            c.DataType?.Value == CellValues.SharedString ? strings[int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)]
            : c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText
            : c.CellValue?.Text ?? "").ToArray()).ToList();
    }
}
