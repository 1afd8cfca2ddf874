using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.TagStockSheet;

/// <summary>
/// The Jilin plan, 二: "对尚未发放的耳标进行清点登记，详细登记耳标箱号、包号、耳标号段及耳标数量". A range without its box
/// or pack number is refused, in the 库存耳标登记表 and in 动监e通's push alike, and nothing of it is stored.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Requiring_box_and_pack_numbers(HubFixture hub) : IAsyncLifetime
{
    private const string County = "220122";
    private const string CsvHeader = "县级区划代码,箱号,包号,起始耳标号,终止耳标号,数量,登记时间";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_refuse_a_sheet_row_without_box_or_pack_naming_the_cell_and_import_nothing()
    {
        var csv = $"""
            {CsvHeader}
            {County},X1,B1,{Pig(1)},{Pig(10)},10,2026-05-01 09:00:00
            {County},,B2,{Pig(11)},{Pig(20)},10,2026-05-01 09:00:00
            {County},X1, ,{Pig(21)},{Pig(30)},10,2026-05-01 09:00:00
            """;

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await hub.Client.PostAsync("/api/tag-stock/import", content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = answer["errors"]!.AsArray()
            .Select(e => (e!["row"]!.GetValue<int>(), e["column"]!.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();
        Assert.Equal([(3, "箱号", "BOX_MISSING"), (4, "包号", "PACK_MISSING")], errors);
        Assert.Empty(await HoldingsAsync());
    }

    [Fact]
    public async Task Should_refuse_a_sheet_that_has_no_box_column()
    {
        var csv = $"县级区划代码,包号,起始耳标号,终止耳标号,数量,登记时间\n{County},B1,{Pig(1)},{Pig(10)},10,2026-05-01 09:00:00\n";

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await hub.Client.PostAsync("/api/tag-stock/import", content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("HEADER_NOT_FOUND", answer["title"]!.GetValue<string>());
        Assert.Contains("箱号", answer["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_refuse_a_djet_stock_message_without_box_or_pack_with_a_reason_and_store_nothing()
    {
        var message = Stock(County, ("A1", Pig(1), Pig(10)), ("A1", Pig(11), Pig(20)));
        message["rows"]![0]!.AsObject().Remove("xh");
        message["rows"]![1]!["bh"] = "";

        var (response, answer) = await SendAsync(hub.Client, "tag-stock", message);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["BOX_MISSING", "PACK_MISSING"], ReasonCodes(answer).Order());
        Assert.Empty(await HoldingsAsync());
        var journal = await hub.Client.GetFromJsonAsync<JsonObject>("/api/journal?source=djet");
        Assert.Equal("Refused", Assert.Single(journal!["items"]!.AsArray())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_accept_the_same_message_once_the_numbers_are_filled_in()
    {
        var (response, _) = await SendAsync(hub.Client, "tag-stock", Stock(County, ("A1", Pig(1), Pig(10)), ("A1", Pig(11), Pig(20))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([(Pig(1), Pig(20))], await HoldingsAsync());
    }

    private async Task<List<(string First, string Last)>> HoldingsAsync()
    {
        var answer = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/holdings?holder={County}");
        return answer!["items"]!.AsArray().Select(i => (i!["first"]!.GetValue<string>(), i["last"]!.GetValue<string>())).ToList();
    }
}
