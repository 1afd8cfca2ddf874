using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Origin;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Features.Origin;

/// <summary>
/// The notice (五(二)): 县、乡两级要分别确定此项工作的牵头负责人和具体责任人……（附件2），各级监管机构认真核实，人员变动及时更新报送.
/// The list keeps every change; an overdue item and a record name the person to call.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Keeping_the_contact_list(HubFixture hub) : IAsyncLifetime
{
    private readonly StaffLogin _login = new(hub);

    public Task InitializeAsync() => _login.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("350524100", "responsible", "项艳琳", "0595-68792206", null)]
    [InlineData("350524", "牵头负责人", "潘怀阳", "13905951234", null)]
    [InlineData("35", "lead", "潘怀阳", "13905951234", "REGION_INVALID")]
    [InlineData("350524", "组长", "潘怀阳", "13905951234", "CONTACT_ROLE_INVALID")]
    [InlineData("350524", "lead", "", "13905951234", "CONTACT_NAME_INVALID")]
    [InlineData("350524", "lead", "潘怀阳", "12345", "PHONE_INVALID")]
    public void Should_decide_a_contact_from_its_region_role_name_and_phone(string region, string role, string name, string phone, string? refusal)
    {
        var (decided, e164, problems) = OriginContacts.Decide(region, role, new OriginContacts.Request(name, phone));

        if (refusal is null) Assert.Equal((name, true), (decided, e164!.StartsWith("+86")));
        else Assert.Contains(problems, p => p.Code == refusal);
    }

    [Fact]
    public async Task Should_keep_the_history_of_a_change_and_name_the_person_to_call_on_overdue_items_and_records()
    {
        var county = await _login.As("anxi");
        var township = await _login.As("anxi-fengcheng");
        var lead = await county.PutAsJsonAsync($"/api/origin/contacts/{Anxi}/lead", new { name = "潘怀阳", phone = "0595-68792206" });
        var first = await county.PutAsJsonAsync($"/api/origin/contacts/{Fengcheng}/responsible", new { name = "林美华", phone = "13805958765" });
        var changed = await county.PutAsJsonAsync($"/api/origin/contacts/{Fengcheng}/responsible", new { name = "王丽", phone = "13905951234" });
        var byCollector = await township.PutAsJsonAsync($"/api/origin/contacts/{Fengcheng}/responsible", new { name = "张三", phone = "13905950000" });
        await ImportAsync(township, Csv([Row(entity: "旧茬豇豆", marketStart: "2022-11-01", marketEnd: "2023-03-01", collectedAt: "2022-11-01 09:00:00")]));

        Assert.Equal(HttpStatusCode.OK, lead.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCollector.StatusCode);
        var current = (await township.GetFromJsonAsync<JsonObject>("/api/origin/contacts"))!["items"]!.AsArray();
        var history = (await county.GetFromJsonAsync<JsonObject>($"/api/origin/contacts?region={Fengcheng}&history=true"))!["items"]!.AsArray();
        Assert.Equal(["潘怀阳", "王丽"], current.Select(c => c!["name"]!.GetValue<string>()).Order());
        Assert.Equal(["林美华", "王丽"], history.Select(c => c!["name"]!.GetValue<string>()));
        Assert.NotNull(history[0]!["validTo"]);

        var overdue = await county.GetFromJsonAsync<JsonObject>($"/api/origin/overdue?region={Anxi}&asOf=2023-03-20");
        var group = overdue!["groups"]!.AsArray().Single(g => g!["townshipCode"]!.GetValue<string>() == Fengcheng)!;
        Assert.Equal(("王丽", "+8613905951234"), (group["contact"]!["name"]!.GetValue<string>(), group["contact"]!["phone"]!.GetValue<string>()));
        // Penglai has no one of its own: the county's lead answers for it.
        var penglai = overdue["uncollected"]!.AsArray().First(u => u!["townshipCode"]!.GetValue<string>() == Penglai)!;
        Assert.Equal("潘怀阳", penglai["contact"]!["name"]!.GetValue<string>());
        var id = (await RecordsAsync(township))[0]!["id"]!.GetValue<long>();
        var record = await township.GetFromJsonAsync<JsonObject>($"/api/origin/records/{id}");
        Assert.Equal("王丽", record!["contact"]!["name"]!.GetValue<string>());
    }
}
