using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>Every bad origin input is a 4xx with a reason code, never a 500 (years without a UTC instant, NaN, junk bodies).</summary>
[Collection(HubCollection.Name)]
public sealed class Answering_bad_origin_input(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpClient> As(string user) => _login.As(user);

    [Theory]
    [InlineData("/api/origin/map?bbox=NaN,25,119,26")]
    [InlineData("/api/origin/map?collectedFrom=0001-01-01")]
    [InlineData("/api/origin/map?collectedTo=9999-12-31")]
    [InlineData("/api/origin/map?minScale=abc")]
    [InlineData("/api/origin/stats?groupBy=village")]
    [InlineData("/api/origin/scope?region=350524&asOf=0001-01-01")]
    [InlineData("/api/origin/scope?region=999999")]
    [InlineData("/api/origin/overdue?region=350524&asOf=9999-12-31")]
    [InlineData("/api/origin/records?region=abc")]
    [InlineData("/api/origin/records?limit=abc")]
    [InlineData("/api/origin/map/tiles/30/1/1.mvt")]
    [InlineData("/api/origin/map/tiles/8/1/abc.mvt")]
    [InlineData("/api/origin/report.xlsx?region=35")]
    public async Task Should_refuse_a_bad_query_with_a_reason(string url)
    {
        var client = await As("anxi");

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonObject>())!["title"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Should_refuse_bad_bodies_with_a_reason()
    {
        var client = await As("anxi-fengcheng");
        await ImportAsync(client, Csv([Row()]));
        var id = (await RecordsAsync(client))[0]!["id"]!.GetValue<long>();
        var ancient = Row(entity: "古时");
        ancient["采集时间"] = "0001-01-01 00:00:00";

        var (sheet, report) = await ImportAsync(client, Csv([ancient]));
        var junk = await client.PostAsync("/api/origin/import", new ByteArrayContent([0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3]) { Headers = { ContentType = new("application/octet-stream") } });
        var array = await client.PostAsync("/api/origin/records", new StringContent("[1,2]", Encoding.UTF8, "application/json"));
        var text = await client.PutAsync($"/api/origin/records/{id}/location", new StringContent("{\"longitude\":\"east\",\"latitude\":25}", Encoding.UTF8, "application/json"));
        var test = await client.PostAsJsonAsync("/api/origin/rapid-tests",
            new { recordId = id, sampleNo = "S1", item = "农残", result = "合格", tester = "黄", testedAt = "0001-01-01 00:00:00" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, sheet);
        Assert.Equal(OriginCodes.TimeInvalid, report["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, test.StatusCode);
    }
}
