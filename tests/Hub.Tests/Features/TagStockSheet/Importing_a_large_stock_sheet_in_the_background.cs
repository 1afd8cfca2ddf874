using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace EarTagTrace.Hub.Tests.Features.TagStockSheet;

/// <summary>Issue 9: a stock sheet 库存耳标登记表 past Imports:SyncRows answers 202 and reports its progress.</summary>
[Collection(HubCollection.Name)]
public sealed class Importing_a_large_stock_sheet_in_the_background(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_answer_202_and_give_the_final_report_at_api_imports()
    {
        var client = await hub.LoginAsync("nongan");
        var csv = new StringBuilder("县级区划代码,箱号,包号,起始耳标号,终止耳标号,数量,登记时间\n");
        for (var i = 0; i < 5_001; i++)
            csv.Append($"220122,X{i},P1,1220122{i * 10 + 1:D8},1220122{i * 10 + 10:D8},10,2026-05-01 09:00:00\n");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await client.PostAsync("/api/tag-stock/import", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(5_001, started["rowsRead"]!.GetValue<int>());
        var done = await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonObject>(started["status"]!.GetValue<string>()))!,
            b => b["state"]!.GetValue<string>() is "done" or "refused" or "failed", "the background stock import", timeoutSeconds: 120);
        Assert.Equal("done", done["state"]!.GetValue<string>());
        Assert.Equal(5_001, done["report"]!["registered"]!.GetValue<int>());
        Assert.Equal(50_010, done["report"]!["tags"]!.GetValue<long>());
        // Another county's clerk does not see it.
        var other = await hub.LoginAsync("anxi");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(started["status"]!.GetValue<string>())).StatusCode);
    }
}
