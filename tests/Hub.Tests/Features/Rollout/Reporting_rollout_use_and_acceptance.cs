using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EarTagTrace.Hub.Features.Rollout;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.Rollout;

/// <summary>
/// The rollout report's facts read from the ledger: "各县（市、区）…应用新功能开展耳标发放和产地检疫出证" (the plan, 三(二)),
/// the 准备阶段 of 6/30 and the 验收 of 11/30 exported as a sheet.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Reporting_rollout_use_and_acceptance(HubFixture hub) : IAsyncLifetime
{
    private const string Nongan = "220122", Township = "220122100", Farm = "FR220122000901";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task ArrangeNonganInUseAsync()
    {
        var (farm, farmBody) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(Farm)]);
        Assert.True(farm.IsSuccessStatusCode, farmBody.ToJsonString());
        var (stock, stockBody) = await SendAsync(hub.Client, "tag-stock", Stock(Nongan, ("A1", Pig(1), Pig(100))));
        Assert.True(stock.IsSuccessStatusCode, stockBody.ToJsonString());
        // The first issuance comes before the switch and does not count; the township's second issuance after it does.
        var first = Issue("FF-R-1", "1", Nongan, Township, "XZ", (Pig(1), Pig(50)));
        first["ffsj"] = "2026-06-20 10:00:00";
        var (issued, issuedBody) = await SendAsync(hub.Client, "tag-issuances", first);
        Assert.True(issued.IsSuccessStatusCode, issuedBody.ToJsonString());
        var second = Issue("FF-R-2", "2", Township, Farm, "YZC", (Pig(1), Pig(10)));
        second["ffsj"] = "2026-07-10 10:00:00";
        var (issued2, issued2Body) = await SendAsync(hub.Client, "tag-issuances", second);
        Assert.True(issued2.IsSuccessStatusCode, issued2Body.ToJsonString());

        using (var request = new HttpRequestMessage(HttpMethod.Put, $"/api/rollout/counties/{Nongan}")
               { Content = JsonContent.Create(new JsonObject { ["enabled"] = true, ["since"] = "2026-07-01" }) })
        {
            var response = await hub.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await using var db = hub.Db();
        db.Certificates.Add(new Certificate
        {
            Number = "C-R-1", Type = CertificateType.B, DeclarationId = "D-R-1", FarmCode = Farm, CountyCode = Nongan,
            Species = Species.Pig, HeadCount = 1, OriginCode = Nongan, DestinationCode = "220102", Plate = "吉A12345", Vet = "赵兽医",
            IssuedAt = new DateTimeOffset(2026, 7, 20, 1, 0, 0, TimeSpan.Zero), ValidDays = 1, ContentHash = "C-R-1",
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Should_report_first_issuance_first_certificate_and_preparation_per_county()
    {
        await ArrangeNonganInUseAsync();

        var report = await hub.Client.GetFromJsonAsync<JsonObject>("/api/rollout?asOf=2026-07-31&region=2201");

        var changchun = report!["prefectures"]!.AsArray().Single(p => (string?)p!["code"] == "2201")!;
        var nongan = changchun["countyList"]!.AsArray().Single(c => (string?)c!["code"] == Nongan)!;
        Assert.StartsWith("2026-07-10T02:00:00", (string?)nongan["firstIssuance"]);
        Assert.StartsWith("2026-07-20T01:00:00", (string?)nongan["firstCertificate"]);
        Assert.Equal("2026-07-20", (string?)nongan["inUseSince"]);
        Assert.Equal((1, 100m, true, true),
            ((int)nongan["farms"]!, (decimal)nongan["completeShare"]!, (bool)nongan["stockImported"]!, (bool)nongan["prepared"]!));
        Assert.Equal(1, (int)changchun["inUse"]!);
        var july = changchun["milestones"]![0]!;
        Assert.Equal((1, true), ((int)july["inUse"]!, (bool)july["met"]!));
        Assert.Equal(1, (int)changchun["preparation"]!["ready"]!);
    }

    [Fact]
    public async Task Should_export_the_acceptance_of_a_prefecture_as_xlsx()
    {
        await ArrangeNonganInUseAsync();

        var response = await hub.Client.GetAsync("/api/rollout/acceptance/2201?asOf=2026-11-30&format=xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AcceptanceSheet.ContentType, response.Content.Headers.ContentType?.MediaType);
        var rows = ReadSheet(await response.Content.ReadAsByteArrayAsync(), AcceptanceSheet.CountiesSheet);
        Assert.Equal(AcceptanceSheet.Header, rows[3]);
        var nongan = rows.Single(r => r.Length > 0 && r[0] == Nongan);
        Assert.Equal(("2026-07-20", "通过"), (nongan[6], nongan[12]));
        var yushu = rows.Single(r => r.Length > 0 && r[0] == "220182");
        Assert.Equal("未通过", yushu[12]);
        Assert.Contains(RolloutAcceptance.NotSwitchedOn, yushu[13]);
    }

    [Fact]
    public async Task Should_answer_acceptance_as_json_and_hide_a_prefecture_outside_the_scope()
    {
        await hub.CreateAccountAsync("nongan-clerk", Nongan, ["clerk"]);
        var clerk = await hub.LoginAsync("nongan-clerk");

        var own = await clerk.GetAsync("/api/rollout/acceptance/2201?asOf=2026-11-30");
        var other = await clerk.GetAsync("/api/rollout/acceptance/2202?asOf=2026-11-30");
        var bad = await clerk.GetAsync("/api/rollout/acceptance/2201?format=pdf");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var body = await own.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(("2026-10-30", "2026-11-30"), ((string?)body!["deadline"], (string?)body["acceptanceDate"]));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static List<string[]> ReadSheet(byte[] xlsx, string name)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name?.Value == name);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        return part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r =>
        {
            var cells = new string[14];
            foreach (var c in r.Elements<Cell>())
            {
                var column = c.CellReference!.Value![0] - 'A';
                cells[column] = c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "";
            }
            var last = Array.FindLastIndex(cells, s => s is not null);
            return cells[..(last + 1)].Select(s => s ?? "").ToArray();
        }).ToList();
    }
}
