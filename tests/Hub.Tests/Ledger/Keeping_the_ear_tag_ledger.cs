using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Ledger;

[Collection(HubCollection.Name)]
public sealed class Keeping_the_ear_tag_ledger(HubFixture hub) : IAsyncLifetime
{
    private const string County = "220122", Township = "220122100", OtherTownship = "220122001", Farm = "FR220122000901";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonObject> Ok(string path, JsonObject body)
    {
        var (response, answer) = await SendAsync(hub.Client, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {answer.ToJsonString()}");
        return answer;
    }

    private async Task<JsonObject> Refused(string path, JsonObject body, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
    {
        var (response, answer) = await SendAsync(hub.Client, path, body);
        Assert.True(response.StatusCode == status, $"{path}: expected {status}, got {response.StatusCode} {answer.ToJsonString()}");
        return answer;
    }

    private async Task AssertLedgerBalancedAsync(string region = County)
    {
        var ledger = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/ledger?region={region}");
        Assert.True(ledger!["balanced"]!.GetValue<bool>(), ledger.ToJsonString());
    }

    private async Task<JsonObject> LedgerLine(string code)
    {
        var ledger = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/ledger?region={County}");
        return ledger!["lines"]!.AsArray().Single(l => l!["code"]!.GetValue<string>() == code)!.AsObject();
    }

    private async Task<List<(string First, string Last)>> Holdings(string holder)
    {
        var answer = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/holdings?holder={holder}");
        return answer!["items"]!.AsArray().Select(i => (i!["first"]!.GetValue<string>(), i["last"]!.GetValue<string>())).ToList();
    }

    private async Task WithFarmAsync(string code = Farm, string township = Township)
    {
        var farm = RegistryPush.Farm(code);
        farm["xzqhdm"] = township;
        var (response, _) = await RegistryPush.PushAsync(hub.Client, [farm]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_register_stock_and_refuse_an_overlapping_range_naming_it()
    {
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(1000)), ("B2", Pig(1001), Pig(2000))));

        var answer = await Refused("tag-stock", Stock(County, ("B9", Pig(1500), Pig(2500))));

        Assert.Contains("RANGE_OVERLAPS_EXISTING", ReasonCodes(answer));
        Assert.Contains(Pig(1001), answer["reasons"]![0]!["detail"]!.GetValue<string>());
        Assert.Equal([(Pig(1), Pig(2000))], await Holdings(County));
        var line = await LedgerLine(County);
        Assert.Equal(2000, line["registered"]!.GetValue<long>());
        await AssertLedgerBalancedAsync();
    }

    [Fact]
    public async Task Should_answer_the_same_stock_sent_twice_as_a_duplicate()
    {
        var stock = Stock(County, ("B1", Pig(1), Pig(100)));
        await Ok("tag-stock", stock);

        var again = await Ok("tag-stock", stock);

        Assert.Equal(1, again["summary"]!["duplicates"]!.GetValue<int>());
        Assert.Equal(100, (await LedgerLine(County))["registered"]!.GetValue<long>());
    }

    [Fact]
    public async Task Should_refuse_tags_of_an_unknown_county_and_of_another_county()
    {
        var answer = await Refused("tag-stock", Stock(County, ("B1", Pig(1, "229999"), Pig(10, "229999")), ("B2", Pig(1, "220102"), Pig(10, "220102"))));

        Assert.Contains("TAG_COUNTY_UNKNOWN", ReasonCodes(answer));
        Assert.Contains("RANGE_NOT_IN_REGISTRAR_COUNTY", ReasonCodes(answer));
        Assert.Empty(await Holdings(County));
    }

    [Fact]
    public async Task Should_resolve_a_retired_county_code_through_the_versioned_region_table()
    {
        // 公主岭市 was 220381 until 2020; tags printed with that code are still its tags.
        await Ok("tag-stock", Stock("220381", ("B1", Pig(1, "220381"), Pig(10, "220381"))));

        var trace = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/{Pig(5, "220381")}/trace");
        Assert.Equal("公主岭市", trace!["countyName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_split_ranges_at_their_edges_when_issuing()
    {
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(100))));

        await Ok("tag-issuances", Issue("FF-1", "1", County, Township, "XZ", (Pig(1), Pig(1))));       // first tag
        await Ok("tag-issuances", Issue("FF-2", "1", County, Township, "XZ", (Pig(100), Pig(100))));   // last tag
        await Ok("tag-issuances", Issue("FF-3", "1", County, Township, "XZ", (Pig(50), Pig(50))));     // single tag inside
        await Ok("tag-issuances", Issue("FF-4", "1", County, Township, "XZ", (Pig(51), Pig(60)), (Pig(2), Pig(2))));

        Assert.Equal([(Pig(3), Pig(49)), (Pig(61), Pig(99))], await Holdings(County));
        // Adjacent received ranges come back merged.
        Assert.Equal([(Pig(1), Pig(2)), (Pig(50), Pig(60)), (Pig(100), Pig(100))], await Holdings(Township));
        // The township's code typed in 全角 digits, with an ideographic space after: the same holder.
        Assert.Equal(await Holdings(Township), await Holdings(Uri.EscapeDataString(string.Concat(Township.Select(c => (char)(c - '0' + '０'))) + "\u3000")));
        var county = await LedgerLine(County);
        Assert.Equal(14, county["issuedOnward"]!.GetValue<long>());
        Assert.Equal(86, county["held"]!.GetValue<long>());
        await AssertLedgerBalancedAsync();
    }

    [Fact]
    public async Task Should_refuse_a_partial_issuance_naming_the_missing_sub_ranges()
    {
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(100))));
        await Ok("tag-issuances", Issue("FF-1", "1", County, Township, "XZ", (Pig(40), Pig(59))));

        var answer = await Refused("tag-issuances", Issue("FF-2", "1", County, OtherTownship, "XZ", (Pig(30), Pig(120))));

        var reason = answer["reasons"]![0]!;
        Assert.Equal("RANGE_NOT_HELD_BY_ISSUER", reason["code"]!.GetValue<string>());
        Assert.Equal([$"{Pig(40)}-{Pig(59)}", $"{Pig(101)}-{Pig(120)}"], reason["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains($"township {Township}", reason["detail"]!.GetValue<string>());
        // Nothing half-applied.
        Assert.Equal([(Pig(1), Pig(39)), (Pig(60), Pig(100))], await Holdings(County));
        Assert.Empty(await Holdings(OtherTownship));
        await AssertLedgerBalancedAsync();
    }

    [Fact]
    public async Task Should_issue_first_only_to_the_countys_own_townships_and_second_only_to_the_townships_farms()
    {
        await WithFarmAsync();
        await WithFarmAsync("FR220122000902", OtherTownship);
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(100))));

        var foreign = await Refused("tag-issuances", Issue("FF-1", "1", County, "220102001", "XZ", (Pig(1), Pig(10))));
        Assert.Contains("RECEIVER_NOT_IN_COUNTY", ReasonCodes(foreign));

        await Ok("tag-issuances", Issue("FF-2", "1", County, Township, "XZ", (Pig(1), Pig(50))));
        var otherFarm = await Refused("tag-issuances", Issue("FF-3", "2", Township, "FR220122000902", "YZC", (Pig(1), Pig(10))));
        Assert.Contains("RECEIVER_NOT_IN_TOWNSHIP", ReasonCodes(otherFarm));
        var unknown = await Refused("tag-issuances", Issue("FF-4", "2", Township, "FR220122999999", "YZC", (Pig(1), Pig(10))));
        Assert.Contains("RECEIVER_UNKNOWN", ReasonCodes(unknown));

        await Ok("tag-issuances", Issue("FF-5", "2", Township, Farm, "YZC", (Pig(1), Pig(10))));
        await Ok("tag-issuances", Issue("FF-6", "2", Township, "FYY-0001", "FYY", (Pig(11), Pig(15))));
        Assert.Equal([(Pig(1), Pig(10))], await Holdings(Farm));
        Assert.Equal([(Pig(11), Pig(15))], await Holdings("FYY-0001"));
        var township = await LedgerLine(Township);
        Assert.Equal(50, township["received"]!.GetValue<long>());
        Assert.Equal(15, township["issuedOnward"]!.GetValue<long>());
        await AssertLedgerBalancedAsync();
    }

    [Fact]
    public async Task Should_apply_an_issuance_id_once_and_refuse_it_with_other_content()
    {
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(100))));
        var issue = Issue("FF-1", "1", County, Township, "XZ", (Pig(1), Pig(10)));
        await Ok("tag-issuances", issue);

        var again = await Ok("tag-issuances", issue);
        Assert.True(again["summary"]!["duplicate"]!.GetValue<bool>());
        var changed = await Refused("tag-issuances", Issue("FF-1", "1", County, Township, "XZ", (Pig(11), Pig(20))));
        Assert.Contains("ID_REUSED_WITH_OTHER_CONTENT", ReasonCodes(changed));
        Assert.Equal([(Pig(1), Pig(10))], await Holdings(Township));
    }

    [Fact]
    public async Task Should_let_exactly_one_of_two_concurrent_overlapping_issuances_succeed()
    {
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(1000))));

        var results = await Task.WhenAll(
            SendAsync(hub.Client, "tag-issuances", Issue("FF-A", "1", County, Township, "XZ", (Pig(100), Pig(600)))),
            SendAsync(hub.Client, "tag-issuances", Issue("FF-B", "1", County, OtherTownship, "XZ", (Pig(500), Pig(900)))));

        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(results, r => r.Response.StatusCode != HttpStatusCode.OK);
        Assert.Contains("RANGE_NOT_HELD_BY_ISSUER", ReasonCodes(loser.Body));
        await AssertLedgerBalancedAsync();
    }

    [Fact]
    public async Task Should_cancel_only_issued_tags_and_never_bring_a_cancelled_one_back()
    {
        await WithFarmAsync();
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(100))));
        await Ok("tag-issuances", Issue("FF-1", "1", County, Township, "XZ", (Pig(1), Pig(50))));
        await Ok("tag-issuances", Issue("FF-2", "2", Township, Farm, "YZC", (Pig(1), Pig(20))));

        var unissued = await Refused("tag-cancellations", Cancel("ZX-0", "损坏", Pig(80)));
        Assert.Contains("TAG_NOT_ISSUED", ReasonCodes(unissued));
        var never = await Refused("tag-cancellations", Cancel("ZX-00", "遗失", Pig(5000)));
        Assert.Contains("TAG_NEVER_REGISTERED", ReasonCodes(never));

        await Ok("tag-cancellations", Cancel("ZX-1", "死亡", Pig(1), Pig(10), Pig(20), Pig(30)));
        Assert.Equal([(Pig(2), Pig(9)), (Pig(11), Pig(19))], await Holdings(Farm));

        var twice = await Refused("tag-cancellations", Cancel("ZX-2", "屠宰", Pig(10)));
        Assert.Contains("TAG_CANCELLED", ReasonCodes(twice));
        var reissue = await Refused("tag-issuances", Issue("FF-3", "2", Township, Farm, "YZC", (Pig(30), Pig(30))));
        Assert.Contains("RANGE_NOT_HELD_BY_ISSUER", ReasonCodes(reissue));

        var township = await LedgerLine(Township);
        Assert.Equal(1, township["cancelled"]!.GetValue<long>());
        await AssertLedgerBalancedAsync();
    }

    [Fact]
    public async Task Should_trace_a_tag_through_every_step_with_its_journal_entries()
    {
        await WithFarmAsync();
        await Ok("tag-stock", Stock(County, ("B7", Pig(1), Pig(100))));
        await Ok("tag-issuances", Issue("FF-1", "1", County, Township, "XZ", (Pig(1), Pig(50))));
        await Ok("tag-issuances", Issue("FF-2", "2", Township, Farm, "YZC", (Pig(1), Pig(20))));
        await Ok("tag-cancellations", Cancel("ZX-1", "死亡", Pig(7)));

        var trace = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/{Pig(7)}/trace");

        var steps = trace!["steps"]!.AsArray();
        Assert.Equal(["registered", "firstIssuance", "secondIssuance", "cancelled"], steps.Select(s => s!["step"]!.GetValue<string>()));
        Assert.Equal("B7", steps[0]!["details"]!["box"]!.GetValue<string>());
        Assert.Equal("FF-1", steps[1]!["id"]!.GetValue<string>());
        Assert.Equal(Farm, steps[2]!["to"]!.GetValue<string>());
        Assert.All(steps, s => Assert.NotNull(s!["journalId"]));
        Assert.Null(trace["currentHolder"]);

        // A clerk's input method types the tag in 全角 digits: the same tag, the same chain.
        var typed = string.Concat(Pig(7).Select(c => (char)(c - '0' + '０')));
        var again = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/{Uri.EscapeDataString(typed)}/trace");
        Assert.Equal(steps.Select(s => s!["step"]!.GetValue<string>()), again!["steps"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("12201220000001", "TAG_MALFORMED")]
    [InlineData("922012200000001", "TAG_MALFORMED")]
    [InlineData("122999900000001", "TAG_COUNTY_UNKNOWN")]
    [InlineData("122012299999999", "TAG_NEVER_REGISTERED")]
    public async Task Should_answer_404_with_the_reason_for_a_tag_it_cannot_trace(string tag, string reason)
    {
        var response = await hub.Client.GetAsync($"/api/tags/{tag}/trace");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_send_stock_issuances_and_cancellations_to_the_national_platform_as_ranges()
    {
        await WithFarmAsync();
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(100)), ("B2", Pig(101), Pig(200))));
        await Ok("tag-issuances", Issue("FF-1", "1", County, Township, "XZ", (Pig(1), Pig(50))));
        await Ok("tag-issuances", Issue("FF-2", "2", Township, Farm, "YZC", (Pig(1), Pig(20))));
        await Ok("tag-cancellations", Cancel("ZX-1", "死亡", Pig(1), Pig(2), Pig(3), Pig(9)));

        await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.NationalCloud.Received("cancellations").Count), n => n == 1, "the cancellation upload");
        await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.NationalCloud.Received("stock").Count), n => n == 2, "the stock upload");
        Assert.Equal(2, hub.Partners.NationalCloud.Received("issuances").Count);
        var cancellation = hub.Partners.NationalCloud.Received("cancellations").Single().Item;
        Assert.Equal(2, cancellation["segments"]!.AsArray().Count);
    }
}
