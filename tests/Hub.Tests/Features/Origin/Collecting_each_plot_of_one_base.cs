using System.Net;
using EarTagTrace.Hub.Features.Origin;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The notice (四(三)): 种养殖主体有多个基地或在同一个基地有多个地块，符合规模标准的，都要分别采集上来. A plot is told apart by
/// its 地块编号 (the template's last, optional column) or, without one, by its point.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Collecting_each_plot_of_one_base(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private const string Village = "凤城镇新康村";

    [Theory]
    [InlineData("3", 118.1865, 25.0554, "no:3")]
    [InlineData(" 3 ", null, null, "no:3")]
    [InlineData(null, 118.186523, 25.055412, "pt:118.18652,25.05541")]
    [InlineData("", 118.186523, 25.055412, "pt:118.18652,25.05541")]
    [InlineData(null, null, null, "")]
    public void Should_key_a_plot_by_its_number_else_its_point(string? plotNo, double? longitude, double? latitude, string key) =>
        Assert.Equal(key, OriginInput.PlotKeyOf(plotNo, (decimal?)longitude, (decimal?)latitude));

    [Fact]
    public async Task Should_keep_two_plots_at_one_address_with_different_points_as_two_records()
    {
        var client = await _login.As("anxi-fengcheng");
        var sheet = Csv([
            Row(entity: "其他合作社", address: "凤城镇美法村"),
            Row(entity: "安溪县绿源农业有限公司", type: "农产品生产企业", address: Village, scale: "6", longitude: "118.186523", latitude: "25.055412"),
            Row(entity: "安溪县绿源农业有限公司", type: "农产品生产企业", address: Village, scale: "3.5", longitude: "118.190110", latitude: "25.057720"),
        ]);

        var (status, body) = await ImportAsync(client, sheet);
        var again = await ImportAsync(client, sheet);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, body["created"]!.GetValue<int>());
        Assert.Equal(3, again.Body["unchanged"]!.GetValue<int>());
        var plots = (await RecordsAsync(client, "&q=绿源农业")).Select(r => r!["scale"]!.GetValue<decimal>()).Order().ToList();
        Assert.Equal([3.5m, 6m], plots);
    }

    [Fact]
    public async Task Should_tell_plots_apart_by_their_number_and_refuse_one_number_twice()
    {
        var client = await _login.As("anxi-fengcheng");
        Dictionary<string, string> Plot(string no, string scale)
        {
            var row = Row(entity: "安溪县绿源农业有限公司", type: "农产品生产企业", address: Village, scale: scale, longitude: null, latitude: null);
            row["地块编号"] = no;
            return row;
        }

        var (status, body) = await ImportAsync(client, Csv([Plot("1", "2"), Plot("2", "4")]));
        var (twiceStatus, twice) = await ImportAsync(client, Csv([Plot("1", "2"), Plot("1", "4")]));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body["created"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twiceStatus);
        Assert.Contains(OriginCodes.DuplicateRow, twice.ToJsonString());
    }

    [Fact]
    public async Task Should_update_the_one_plot_first_sent_without_a_point_when_its_point_comes()
    {
        var client = await _login.As("anxi-fengcheng");
        await ImportAsync(client, Csv([Row(longitude: null, latitude: null)]));

        var (status, body) = await ImportAsync(client, Csv([Row()]));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((0, 1), (body["created"]!.GetValue<int>(), body["updated"]!.GetValue<int>()));
        Assert.Single(await RecordsAsync(client));
    }
}
