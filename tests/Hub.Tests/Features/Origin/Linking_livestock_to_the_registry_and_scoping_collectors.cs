using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

[Collection(HubCollection.Name)]
public sealed class Linking_livestock_to_the_registry_and_scoping_collectors(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpClient> As(string user) => _login.As(user);

    [Fact]
    public async Task Should_prefill_a_pig_record_from_the_registry_farm_so_it_is_not_typed_twice()
    {
        var (push, _) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122000123", pigs: 120)]);
        Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        var client = await As("nongan-town");

        var response = await client.PostAsJsonAsync("/api/origin/records",
            new { farmCode = "FR220122000123", product = "生猪", traceMethods = new[] { "电子耳标", "动物检疫合格证" }, collectedAt = "2023-03-01 09:00:00" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var record = (await response.Content.ReadFromJsonAsync<JsonObject>())!["record"]!;
        Assert.Equal("农安镇张氏生猪养殖场", record["entity"]!.GetValue<string>());
        Assert.Equal("张伟", record["contactName"]!.GetValue<string>());
        Assert.Equal("+8613812345678", record["phone"]!.GetValue<string>());
        Assert.Equal("220122100", record["regionCode"]!.GetValue<string>());
        Assert.Equal(120m, record["scale"]!.GetValue<decimal>());
        Assert.Equal(125.184m, record["longitude"]!.GetValue<decimal>());
        Assert.Equal("FR220122000123", record["farmCode"]!.GetValue<string>());
        Assert.True(record["inScope"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Should_refuse_a_farm_the_registry_never_sent_and_a_farm_for_a_crop()
    {
        await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122000123")]);
        var client = await As("nongan-town");

        var unknown = await client.PostAsJsonAsync("/api/origin/records", new { farmCode = "FR220122999999", product = "生猪" });
        var crop = await client.PostAsJsonAsync("/api/origin/records", new { farmCode = "FR220122000123", product = "豇豆", scale = 2 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains(OriginCodes.FarmUnknown, await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, crop.StatusCode);
        Assert.Contains(OriginCodes.FarmNotLivestock, await crop.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_refuse_a_collector_outside_its_region()
    {
        var fengcheng = await As("anxi-fengcheng");
        var county = await As("anxi");
        await ImportAsync(county, Csv([Row(entity: "蓬莱猪场", product: "生猪", scale: "300", region: Penglai + "201", marketStart: null, marketEnd: null)]));
        var penglaiRecord = (await RecordsAsync(county))[0]!["id"]!.GetValue<long>();

        var (sheet, report) = await ImportAsync(fengcheng, Csv([Row(), Row(entity: "越界", region: Penglai + "201")]));
        var single = await fengcheng.PostAsJsonAsync("/api/origin/records", new { entityName = "越界", entityType = "农户", product = "豇豆", scale = 1, regionCode = Penglai });
        var move = await fengcheng.PutAsJsonAsync($"/api/origin/records/{penglaiRecord}/location", new { longitude = 118.0, latitude = 25.2 });
        var read = await fengcheng.GetAsync($"/api/origin/records/{penglaiRecord}");
        var viewer = await (await As("viewer")).PostAsJsonAsync("/api/origin/records", new { entityName = "只读", entityType = "农户", product = "豇豆", scale = 1, regionCode = Fengcheng });

        Assert.Equal(HttpStatusCode.Forbidden, sheet);
        Assert.Equal(OriginCodes.OutsideRegionScope, report["title"]!.GetValue<string>());
        var error = Assert.Single(report["errors"]!.AsArray());
        Assert.Equal((3, "行政区划代码", OriginCodes.OutsideRegionScope),
            (error!["row"]!.GetValue<int>(), error["column"]!.GetValue<string>(), error["code"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, single.StatusCode);
        Assert.Contains(OriginCodes.OutsideRegionScope, await single.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Single(await RecordsAsync(county));
    }

    [Fact]
    public async Task Should_let_the_authorised_third_party_collect_in_its_county_only()
    {
        var thirdParty = await As("thirdparty");

        var inside = await thirdParty.PostAsJsonAsync("/api/origin/records",
            new { entityName = "农安县合作社", entityType = "农民专业合作社", product = "肉牛", scale = 8, regionCode = "220122100" });
        var outside = await thirdParty.PostAsJsonAsync("/api/origin/records",
            new { entityName = "凤城合作社", entityType = "农民专业合作社", product = "肉牛", scale = 8, regionCode = Fengcheng });

        Assert.Equal(HttpStatusCode.Created, inside.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
    }
}
