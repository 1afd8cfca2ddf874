using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The notice (五(三)): 各级监管机构要加大线上巡查力度，发现信息采集不及时、更新不及时或信息明显有误的，要及时进行修改或整改.
/// Rules run on each write; each hit is on the township's correction list with a deadline; the collector fixes or
/// explains it, the county signs it off.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Checking_records_online_and_correcting_them(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly DateTimeOffset Feb10 = new(2023, 2, 10, 2, 30, 0, TimeSpan.Zero);

    private static OnlineChecks.Facts Facts(double? metres = null, long? stock = null, decimal scale = 120, DateOnly? end = null,
        string? samePhone = null, string? samePoint = null, string? phone = "+8613905951234", bool perCycle = true) =>
        new(1, "350524100", "绿源合作社", phone, "+8659568792206", null, perCycle, Feb10, new DateOnly(2023, 4, 20), end ?? new DateOnly(2023, 7, 15),
            scale, stock, metres, samePhone, samePoint);

    public static TheoryData<OnlineChecks.Facts, string?> Cases => new()
    {
        { Facts(), null },
        { Facts(metres: 19_999), null },
        { Facts(metres: 20_001), OnlineChecks.PointOutsideTownship },
        { Facts(stock: 100, scale: 120, perCycle: false), null },
        { Facts(stock: 100, scale: 121, perCycle: false), OnlineChecks.ScaleDisagreesWithRegistry },
        { Facts(end: new DateOnly(2023, 2, 10)), null },
        { Facts(end: new DateOnly(2023, 2, 9)), OnlineChecks.CollectedOutsideCycle },
        { Facts(samePhone: "绿源合作社"), null },
        { Facts(samePhone: "绿源合作社、新康绿源蔬菜合作社"), OnlineChecks.EntityUnderTwoNames },
        { Facts(samePoint: "新康绿源蔬菜合作社"), OnlineChecks.EntityUnderTwoNames },
        { Facts(phone: "+85291234567"), OnlineChecks.PhoneNotChinese },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_hit_each_rule_at_its_edge(OnlineChecks.Facts facts, string? rule)
    {
        var hits = OnlineChecks.Decide(facts, 20_000, 0.2m);

        if (rule is null) Assert.Empty(hits);
        else Assert.Equal(rule, Assert.Single(hits).Rule);
    }

    [Fact]
    public async Task Should_list_a_far_point_with_a_deadline_and_have_it_fixed_explained_and_signed_off_by_the_county()
    {
        var collector = await _login.As("anxi-fengcheng");
        var county = await _login.As("anxi");
        var rows = Enumerable.Range(1, 4).Select(i => Row(entity: $"农户{i}", type: "农户", address: $"新康村{i}号",
            longitude: $"118.18{i}", latitude: $"25.05{i}")).ToList();
        rows.Add(Row(entity: "远处农户", type: "农户", address: "新康村9号", longitude: "118.950000", latitude: "25.800000"));
        await ImportAsync(collector, Csv(rows));

        var list = await collector.GetFromJsonAsync<JsonObject>($"/api/origin/corrections?region={Fengcheng}");
        var township = list!["townships"]!.AsArray().Single()!;
        var far = township["items"]!.AsArray().Single(i => i!["rule"]!.GetValue<string>() == OnlineChecks.PointOutsideTownship)!;
        var twoNames = township["items"]!.AsArray().First(i => i!["rule"]!.GetValue<string>() == OnlineChecks.EntityUnderTwoNames)!;
        Assert.Equal("远处农户", far["entity"]!.GetValue<string>());
        // 整改期限: seven days (Origin:CorrectionDays) from the China date it was found.
        var found = OriginScope.ChinaDate(far["foundAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(("Open", found.AddDays(7)), (far["state"]!.GetValue<string>(), DateOnly.Parse(far["deadline"]!.GetValue<string>())));

        // The far point was a typing error: refined, the next check finds nothing and the correction is Fixed.
        var refine = await collector.PutAsJsonAsync($"/api/origin/records/{far["recordId"]}/location", new { longitude = 118.185, latitude = 25.055 });
        var explain = await collector.PostAsJsonAsync($"/api/origin/corrections/{twoNames["id"]}/explain", new { reason = "同一户主的两个合作社，电话相同" });
        var signByCollector = await collector.PostAsync($"/api/origin/corrections/{twoNames["id"]}/sign-off", null);
        var signExplained = await county.PostAsync($"/api/origin/corrections/{twoNames["id"]}/sign-off", null);
        var signFixed = await county.PostAsync($"/api/origin/corrections/{far["id"]}/sign-off", null);
        var signAgain = await county.PostAsync($"/api/origin/corrections/{far["id"]}/sign-off", null);

        Assert.Equal(HttpStatusCode.OK, refine.StatusCode);
        Assert.Equal(HttpStatusCode.OK, explain.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, signByCollector.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signExplained.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signFixed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, signAgain.StatusCode);
        var signed = await county.GetFromJsonAsync<JsonObject>($"/api/origin/corrections?region={Fengcheng}&state=SignedOff");
        Assert.Equal(2, signed!["townships"]!.AsArray().Single()!["items"]!.AsArray().Count);
    }
}
