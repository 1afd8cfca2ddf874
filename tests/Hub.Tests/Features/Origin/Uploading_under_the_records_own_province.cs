using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalAgri;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The notice is 安溪县 (350524), in Fujian 福建 (35): 于2023年2月25日前，完成豇豆数据上传录入国家追溯平台. Its records go to
/// the national platform under province 35, not under the Jilin deployment's default 22.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Uploading_under_the_records_own_province(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("350524100201", "22", "35")]
    [InlineData("220122", "35", "22")]
    [InlineData(null, "22", "22")]
    [InlineData("", "22", "22")]
    public void Should_take_the_province_from_the_records_region(string? region, string fallback, string expected) =>
        Assert.Equal(expected, NationalItemSender<CanonicalOriginRecord, NationalOriginRecordItem>.ProvinceOf(region, fallback));

    [Theory]
    [InlineData("35", null, true)]
    [InlineData("35", "", true)]
    [InlineData("35", "35", true)]
    [InlineData("35", "22", false)]
    public void Should_refuse_a_record_outside_a_pinned_province(string province, string? pinned, bool sent)
    {
        var refusal = NationalItemSender<CanonicalOriginRecord, NationalOriginRecordItem>.ProvinceRefusal(province, pinned);

        Assert.Equal(sent, refusal is null);
        if (!sent) Assert.StartsWith("PROVINCE_NOT_SERVED", refusal);
    }

    [Fact]
    public async Task Should_send_an_anxi_record_under_province_35_and_show_it_at_the_simulator()
    {
        var client = await _login.As("anxi-fengcheng");

        var (status, _) = await ImportAsync(client, Csv([Row()]));

        Assert.Equal(HttpStatusCode.OK, status);
        await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.NationalAgri.Received("records")), r => r.Count == 1, "the record at the platform");
        Assert.Equal("35", hub.Partners.NationalAgri.Received("records")[0].ProvinceCode);
        using var sim = new HttpClient();
        var received = await sim.GetFromJsonAsync<JsonObject>(hub.Partners.NationalAgriUrl + "/__sim/received?type=records");
        Assert.Equal("35", (string?)received!["items"]![0]!["provinceCode"]);
    }
}
