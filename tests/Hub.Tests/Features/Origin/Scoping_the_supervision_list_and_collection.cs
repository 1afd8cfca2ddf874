using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

[Collection(HubCollection.Name)]
public sealed class Scoping_the_supervision_list_and_collection(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpClient> As(string user) => _login.As(user);

    // Seed 二(二): planting ≥ 0.5 亩, pigs ≥ 30, cattle ≥ 5, sheep ≥ 50, 乌鸡 ≥ 1000, laying hens ≥ 500.
    public static TheoryData<string, string, string, string> Thresholds => new()
    {
        { "豇豆", "cowpea", "0.5", "0.49" },
        { "韭菜", "leek", "0.5", "0.49" },
        { "芹菜", "celery", "0.5", "0.49" },
        { "生猪", "live-pig", "30", "29" },
        { "肉牛", "beef-cattle", "5", "4" },
        { "肉羊", "meat-sheep", "50", "49" },
        { "乌鸡", "black-bone-chicken", "1000", "999" },
        { "鸡蛋", "egg", "500", "499" },
    };

    [Theory]
    [MemberData(nameof(Thresholds))]
    public async Task Should_put_a_base_in_the_collection_scope_from_its_threshold_and_every_producer_on_the_supervision_list(
        string product, string code, string atThreshold, string below)
    {
        var client = await As("anxi-fengcheng");
        var (status, _) = await ImportAsync(client, Csv(
        [
            Row(entity: "在范围内", product: product, scale: atThreshold, marketStart: null, marketEnd: null, collectedAt: "2023-03-01 09:00:00"),
            Row(entity: "低于标准", product: product, scale: below, marketStart: null, marketEnd: null, collectedAt: "2023-03-01 09:00:00"),
        ]));
        Assert.Equal(HttpStatusCode.OK, status);

        var line = await LineAsync(client, Fengcheng, code, "2023-03-10");

        Assert.Equal(2, line["supervised"]!.GetValue<long>());
        Assert.Equal(1, line["inScope"]!.GetValue<long>());
        Assert.Equal(1, line["collected"]!.GetValue<long>());
        Assert.Equal(0, line["missing"]!.GetValue<long>());
    }

    [Fact]
    public async Task Should_put_every_origin_purchaser_in_scope_whatever_its_size()
    {
        var client = await As("anxi-fengcheng");
        var purchaser = Row(entity: "凤城镇蔬菜收购点", scale: "0", type: "农户");
        purchaser["产地收购商"] = "是";
        var (status, _) = await ImportAsync(client, Csv([purchaser], [.. SheetHeader, "产地收购商"]));
        Assert.Equal(HttpStatusCode.OK, status);

        var line = await LineAsync(client, Fengcheng, "cowpea", "2023-03-10");

        Assert.Equal(1, line["inScope"]!.GetValue<long>());
    }

    [Fact]
    public async Task Should_count_an_in_scope_base_without_a_current_record_as_missing()
    {
        var client = await As("anxi-fengcheng");
        await ImportAsync(client, Csv(
        [
            // A cowpea cycle that ended in January: nothing collected for the next one.
            Row(entity: "旧茬", marketStart: "2022-10-01", marketEnd: "2023-01-20", collectedAt: "2022-10-01 09:00:00"),
            // Pigs collected in January: the monthly update is due.
            Row(entity: "猪场", product: "生猪", scale: "120", marketStart: null, marketEnd: null, collectedAt: "2023-01-05 09:00:00"),
            Row(entity: "猪场二", product: "生猪", scale: "80", marketStart: null, marketEnd: null, collectedAt: "2023-03-01 09:00:00"),
        ]));

        var cowpea = await LineAsync(client, Fengcheng, "cowpea", "2023-03-10");
        var pigs = await LineAsync(client, Fengcheng, "live-pig", "2023-03-10");

        Assert.Equal((1L, 0L, 1L), (cowpea["inScope"]!.GetValue<long>(), cowpea["collected"]!.GetValue<long>(), cowpea["missing"]!.GetValue<long>()));
        Assert.Equal((2L, 1L, 1L), (pigs["inScope"]!.GetValue<long>(), pigs["collected"]!.GetValue<long>(), pigs["missing"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Should_list_every_township_and_product_of_the_county_zeros_included()
    {
        var client = await As("anxi");
        await ImportAsync(client, Csv([Row()]));

        var answer = await client.GetFromJsonAsync<JsonObject>($"/api/origin/scope?region={Anxi}&asOf=2023-03-10");

        var lines = answer!["lines"]!.AsArray();
        Assert.Contains(lines, l => l!["townshipCode"]!.GetValue<string>() == Penglai && l["supervised"]!.GetValue<long>() == 0);
        Assert.Equal(0, lines.Count % 8);
        Assert.Equal("凤城镇", lines.First(l => l!["townshipCode"]!.GetValue<string>() == Fengcheng)!["township"]!.GetValue<string>());
    }

    private static async Task<JsonObject> LineAsync(HttpClient client, string township, string product, string asOf)
    {
        var answer = await client.GetFromJsonAsync<JsonObject>($"/api/origin/scope?region={township}&asOf={asOf}");
        return answer!["lines"]!.AsArray().Single(l => l!["townshipCode"]!.GetValue<string>() == township && l["product"]!.GetValue<string>() == product)!.AsObject();
    }
}
