using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The notice (六(一)): 对照《安溪县蔬菜重点监管品种种植面积一览表》（附件5），认真排查辖区内豇豆、芹菜、韭菜等重点监管品种数据;
/// (四(三)) 严禁……漏采溯源信息. The declared area stands beside the area collected, and farms and purchasers with no
/// record are listed.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Listing_declared_against_collected_area(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(HttpStatusCode Status, JsonObject Body)> ImportAreasAsync(HttpClient client, string csv)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await Answer(await client.PostAsync("/api/origin/planting-areas?year=2023", content));
    }

    [Fact]
    public async Task Should_set_the_declared_area_beside_the_collected_one_and_list_farms_and_purchasers_without_a_record()
    {
        var county = await _login.As("anxi");
        var farm = RegistryPush.Farm("FR350524000009", pigs: 80);
        farm["xzqhdm"] = Penglai;
        farm["yzcmc"] = "蓬莱镇陈氏生猪养殖场";
        farm["dz"] = "福建省安溪县蓬莱镇联中村";
        await RegistryPush.PushAsync(hub.Client, [farm]);
        var purchaser = Row(entity: "凤城镇果蔬收购站", scale: "0.2", address: "凤城镇美法村", collectedAt: "2022-05-01 09:00:00",
            marketStart: "2022-05-01", marketEnd: "2022-08-01");
        purchaser["产地收购商"] = "是";
        await ImportAsync(county, Csv([Row(collectedAt: "2023-02-10 10:30:00"), purchaser], [.. SheetHeader, "产地收购商"]));

        var (bad, badBody) = await ImportAreasAsync(county, "乡镇,品种,种植面积（亩）\n凤城镇,豇豆,30\n不存在镇,豇豆,5\n蓬莱镇,生猪,10\n");
        var (status, body) = await ImportAreasAsync(county, "安溪县蔬菜重点监管品种种植面积一览表,,\n乡镇,品种,种植面积（亩）\n凤城镇,豇豆,30\n350524101,豇豆,12\n合计,,42\n");
        var scope = await county.GetFromJsonAsync<JsonObject>($"/api/origin/scope?region={Anxi}&asOf=2023-05-01");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad);
        Assert.Contains(OriginCodes.RegionUnknown, badBody.ToJsonString());
        Assert.Contains(OriginCodes.UnitMismatch, badBody.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body["rows"]!.GetValue<int>());
        var lines = scope!["lines"]!.AsArray();
        JsonNode Line(string township) => lines.Single(l => l!["townshipCode"]!.GetValue<string>() == township && l["product"]!.GetValue<string>() == "cowpea")!;
        Assert.Equal((30m, 12.5m), (Line(Fengcheng)["declaredArea"]!.GetValue<decimal>(), Line(Fengcheng)["collectedArea"]!.GetValue<decimal>()));
        Assert.Equal((12m, 0m), (Line(Penglai)["declaredArea"]!.GetValue<decimal>(), Line(Penglai)["collectedArea"]!.GetValue<decimal>()));
        var unrecorded = scope["unrecorded"]!.AsArray().Select(u => (u!["kind"]!.GetValue<string>(), u["name"]!.GetValue<string>())).ToList();
        Assert.Contains(("registry-farm", "蓬莱镇陈氏生猪养殖场"), unrecorded);
        Assert.Contains(("purchaser", "凤城镇果蔬收购站"), unrecorded);
    }
}
