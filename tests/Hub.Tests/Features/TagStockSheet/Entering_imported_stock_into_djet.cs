using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Messaging;
using Microsoft.EntityFrameworkCore;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.TagStockSheet;

/// <summary>
/// The Jilin plan, 二: "耳标库存登记完成后，录入“动监e通”系统". Stock imported at the hub from the 库存耳标登记表 reaches
/// 动监e通 with its box and pack; stock 动监e通 itself sent is not sent back to it.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Entering_imported_stock_into_djet(HubFixture hub) : IAsyncLifetime
{
    private const string County = "220122";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_enter_each_imported_range_into_djet_with_box_pack_and_registration_id()
    {
        var csv = $"县级区划代码,箱号,包号,起始耳标号,终止耳标号,数量,登记时间\n"
            + $"{County},X1,B1,{Pig(1)},{Pig(100)},100,2026-05-01 09:00:00\n"
            + $"{County},X1,B2,{Pig(101)},{Pig(150)},50,2026-05-01 09:00:00\n";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await hub.Client.PostAsync("/api/tag-stock/import", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.Djet.Received("tag-stock")),
            r => r.Count >= 2, "the imported stock at 动监e通");
        Assert.Equal([(County, "X1", "B1", Pig(1), Pig(100)), (County, "X1", "B2", Pig(101), Pig(150))],
            received.Select(r => ((string)r.Item["djdw"]!, (string)r.Item["xh"]!, (string)r.Item["bh"]!, (string)r.Item["qshm"]!,
                (string)r.Item["zzhm"]!)).OrderBy(r => r.Item4));
        await using var db = hub.Db();
        var ids = await db.TagRegistrations.Select(r => r.Id.ToString()).ToListAsync();
        Assert.Equal(ids.Order(), received.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task Should_not_send_stock_back_to_djet_that_djet_registered()
    {
        var (response, _) = await SendAsync(hub.Client, "tag-stock", Stock(County, ("A1", Pig(1), Pig(10))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = hub.Db();
        var destinations = await db.Outbox.Select(o => o.Destination).ToListAsync();
        Assert.Equal([Destinations.NationalCloudTagStock], destinations);
    }
}
