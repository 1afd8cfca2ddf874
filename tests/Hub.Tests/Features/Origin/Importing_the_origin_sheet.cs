using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EarTagTrace.Hub.Features.Origin;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

using EarTagTrace.Hub.Imports;

namespace EarTagTrace.Hub.Tests.Features.Origin;

[Collection(HubCollection.Name)]
public sealed class Importing_the_origin_sheet(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpClient> As(string user) => _login.As(user);

    [Fact]
    public async Task Should_download_the_template_with_the_chinese_header_in_order_and_a_marked_example_row()
    {
        var client = await As("anxi-fengcheng");
        var response = await client.GetAsync("/api/origin/template");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = ReadFirstSheet(await response.Content.ReadAsByteArrayAsync(), out var textColumns);
        Assert.Equal(SheetHeader, rows[0]);
        Assert.StartsWith("示例", rows[1][0]);
        Assert.Equal("豇豆", rows[1][4]);
        // 联系电话, 行政区划代码 and the other phone columns are text-formatted, so Excel keeps their digits.
        Assert.Contains(3u, textColumns);
        Assert.Contains(8u, textColumns);
        Assert.Contains(19u, textColumns);
    }

    [Fact]
    public async Task Should_import_nothing_from_the_untouched_template()
    {
        var client = await As("anxi-fengcheng");
        var template = await client.GetByteArrayAsync("/api/origin/template");

        var (status, body) = await ImportAsync(client, template);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SHEET_EMPTY", body["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_give_an_entity_with_two_bases_one_record_each()
    {
        var client = await As("anxi-fengcheng");
        var csv = Csv([Row(address: "后洋基地3号地块"), Row(address: "后洋基地4号地块", longitude: null, latitude: null)]);

        var (status, body) = await ImportAsync(client, csv);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body["created"]!.GetValue<int>());
        Assert.Equal(1, body["entitiesCreated"]!.GetValue<int>());
        var records = await RecordsAsync(client);
        Assert.Equal(2, records.Count);
        Assert.Single(records.Select(r => r!["entityId"]!.GetValue<long>()).Distinct());
        // Batch first, refine later: the second base has no point yet.
        Assert.Contains(records, r => r!["longitude"] is null);
        await using var db = hub.Db();
        var audit = Assert.Single(db.Audit.Where(a => a.Action == "origin.import").ToList());
        Assert.Equal(("anxi-fengcheng", "350524", "2 rows"), (audit.Actor, audit.Region, audit.Target));
    }

    [Fact]
    public async Task Should_give_a_crop_grown_twice_a_year_one_record_per_cycle()
    {
        var client = await As("anxi-fengcheng");
        var csv = Csv([Row(marketStart: "2023-04-20", marketEnd: "2023-07-15"), Row(marketStart: "2023-08-20", marketEnd: "2023-11-10")]);

        var (status, body) = await ImportAsync(client, csv);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body["created"]!.GetValue<int>());
        var cycles = (await RecordsAsync(client)).Select(r => r!["cycle"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["2023-04-20", "2023-08-20"], cycles);
    }

    [Fact]
    public async Task Should_refuse_the_whole_sheet_with_a_report_line_per_faulty_cell()
    {
        var client = await As("anxi-fengcheng");
        var bad = Row(product: "菠菜", region: "35052410", longitude: "118.18", latitude: null);
        bad["联系电话"] = "12345";
        bad["追溯方式"] = "承诺达标合格证;二维码";
        bad["主体类型"] = "个体户";
        var csv = Csv([Row(), bad, Row(entity: "", scale: "-3")]);

        var (status, body) = await ImportAsync(client, csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("SHEET_REFUSED", body["title"]!.GetValue<string>());
        var errors = body["errors"]!.AsArray().Select(e => (e!["row"]!.GetValue<int>(), e["column"]!.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();
        Assert.Contains((3, "产品名称", OriginCodes.ProductUnknown), errors);
        Assert.Contains((3, "行政区划代码", OriginCodes.RegionCodeInvalid), errors);
        Assert.Contains((3, "纬度", OriginCodes.CoordIncomplete), errors);
        Assert.Contains((3, "联系电话", OriginCodes.PhoneInvalid), errors);
        Assert.Contains((3, "追溯方式", OriginCodes.TraceMethodInvalid), errors);
        Assert.Contains((3, "主体类型", OriginCodes.EntityTypeInvalid), errors);
        Assert.Contains((4, "主体名称", OriginCodes.CellMissing), errors);
        Assert.Contains((4, "种养规模", OriginCodes.ScaleInvalid), errors);
        Assert.DoesNotContain(errors, e => e.Item1 == 2);
        Assert.Empty(await RecordsAsync(client));
    }

    [Fact]
    public async Task Should_refuse_two_rows_for_the_same_base_product_and_cycle()
    {
        var client = await As("anxi-fengcheng");

        var (status, body) = await ImportAsync(client, Csv([Row(), Row(scale: "13")]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = Assert.Single(body["errors"]!.AsArray());
        Assert.Equal(OriginCodes.DuplicateRow, error!["code"]!.GetValue<string>());
        Assert.Equal(3, error["row"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_read_a_gb18030_csv_with_several_trace_methods_and_separators()
    {
        var client = await As("anxi-fengcheng");
        var row = Row();
        row["追溯方式"] = "承诺达标合格证,电子追溯码;包装标识";

        var (status, _) = await ImportAsync(client, Csv([row]), Encoding.GetEncoding("GB18030"));

        Assert.Equal(HttpStatusCode.OK, status);
        var record = Assert.Single(await RecordsAsync(client))!;
        Assert.Equal("凤城镇绿源蔬菜专业合作社", record["entity"]!.GetValue<string>());
        Assert.Equal(["complianceCertificate", "eTraceCode", "packageLabel"], record["traceMethods"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task Should_import_a_filled_xlsx_whose_codes_and_phones_are_numbers()
    {
        var client = await As("anxi-fengcheng");
        var row = Row();
        using var buffer = new MemoryStream();
        OriginSheetWriter.Write(buffer, [new SheetTab("采集表", SheetHeader, SheetHeader.Select(_ => 10.0).ToList(), SheetHeader.Select(_ => false).ToList(),
            [SheetHeader.Select(h => (object?)(h is "联系电话" or "行政区划代码" or "经度" or "纬度" or "种养规模" ? decimal.Parse(row[h]) : row[h])).ToArray()])]);

        var (status, body) = await ImportAsync(client, buffer.ToArray());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body["created"]!.GetValue<int>());
        var record = Assert.Single(await RecordsAsync(client))!;
        Assert.Equal("350524100201", record["regionCode"]!.GetValue<string>());
        Assert.Equal("+8613905951234", record["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_change_nothing_and_upload_nothing_when_the_same_sheet_comes_again()
    {
        var client = await As("anxi-fengcheng");
        var csv = Csv([Row()]);
        await ImportAsync(client, csv);

        var (status, body) = await ImportAsync(client, csv);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body["created"]!.GetValue<int>());
        Assert.Equal(1, body["unchanged"]!.GetValue<int>());
        await using var db = hub.Db();
        Assert.Equal(1, db.Outbox.Count(o => o.Destination == OriginDestinations.OriginRecords));
    }

    [Fact]
    public async Task Should_answer_a_large_sheet_at_once_with_202_and_report_its_progress()
    {
        var client = await As("anxi");
        var rows = Enumerable.Range(1, 5_001).Select(i => Row(entity: $"农户{i:D5}", type: "农户", scale: "1", address: $"地块{i}")).ToList();

        var (status, body) = await ImportAsync(client, Csv(rows));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(5_001, body["rowsRead"]!.GetValue<int>());
        var url = body["status"]!.GetValue<string>();
        var done = await Eventually.WaitAsync(async () => (await Answer(await client.GetAsync(url))).Body,
            b => b["state"]!.GetValue<string>() is "done" or "refused" or "failed", "the background import", timeoutSeconds: 120);
        Assert.Equal("done", done["state"]!.GetValue<string>());
        Assert.Equal(5_001, done["rowsChecked"]!.GetValue<int>());
        Assert.Equal(5_001, done["report"]!["created"]!.GetValue<int>());
    }

    private static List<string[]> ReadFirstSheet(byte[] xlsx, out HashSet<uint> textColumns)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var first = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var part = (WorksheetPart)workbook.GetPartById(first.Id!);
        var styles = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        textColumns = part.Worksheet.Descendants<Column>()
            .Where(c => c.Style is not null && styles[(int)c.Style.Value].NumberFormatId?.Value == 49)
            .Select(c => c.Min!.Value - 1).ToHashSet();
        return part.Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? "").ToArray()).ToList();
    }
}
