using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The notice (四(三)): 严禁采集虚假溯源信息或漏采溯源信息; (六(一)) 于2023年2月17日前，报送重点监管品种豇豆数据. A township
/// that sent nothing, and a registry farm in the collection scope with no record, are overdue as much as a late record.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Listing_townships_and_farms_that_collected_nothing(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private const string PenglaiPigs = "FR350524000001";

    [Fact]
    public async Task Should_list_a_township_with_no_record_and_a_pig_farm_of_120_head_with_none_after_the_deadline()
    {
        var farm = RegistryPush.Farm(PenglaiPigs, pigs: 120);
        farm["xzqhdm"] = Penglai;
        farm["yzcmc"] = "蓬莱镇林氏生猪养殖场";
        farm["dz"] = "福建省安溪县蓬莱镇上智村";
        var (push, _) = await RegistryPush.PushAsync(hub.Client, [farm]);
        Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        var county = await _login.As("anxi");
        await ImportAsync(await _login.As("anxi-fengcheng"), Csv([Row(collectedAt: "2023-02-10 10:30:00")]));

        var beforeDeadline = await OverdueAsync(county, "2023-02-15");
        var afterDeadlines = await OverdueAsync(county, "2023-03-20");

        Assert.Empty(Uncollected(beforeDeadline));
        var late = Uncollected(afterDeadlines);
        Assert.Contains((Penglai, OverdueReport.TownshipNotCollected, "", "2023-02-17"), late);
        Assert.Contains((Penglai, OverdueReport.FarmNotCollected, "live-pig", "2023-03-15"), late);
        Assert.DoesNotContain(late, i => i.Township == Fengcheng);
        Assert.All(late, i => Assert.StartsWith(Anxi, i.Township));

        var collected = await county.PostAsJsonAsync("/api/origin/records",
            new { farmCode = PenglaiPigs, product = "生猪", traceMethods = new[] { "电子耳标" }, collectedAt = "2023-03-18 09:00:00" });
        Assert.Equal(HttpStatusCode.Created, collected.StatusCode);
        var afterCollecting = Uncollected(await OverdueAsync(county, "2023-03-20"));
        Assert.DoesNotContain(afterCollecting, i => i.Township == Penglai);
    }

    private static List<(string Township, string Kind, string Product, string Due)> Uncollected(JsonObject answer) =>
        answer["uncollected"]!.AsArray()
            .Select(i => (i!["townshipCode"]!.GetValue<string>(), i["kind"]!.GetValue<string>(), i["product"]!.GetValue<string>(), i["due"]!.GetValue<string>()))
            .ToList();

    private static async Task<JsonObject> OverdueAsync(HttpClient client, string asOf) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/origin/overdue?region={Anxi}&asOf={asOf}"))!;
}
