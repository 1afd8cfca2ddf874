using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Features.Tags;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.Declarations;

[Collection(HubCollection.Name)]
public sealed class Declaring_and_certifying(HubFixture hub) : IAsyncLifetime
{
    private const string County = "220122", Township = "220122100", OtherTownship = "220122001";
    private const string Farm = "FR220122000901", Neighbour = "FR220122000902";
    private string _qr = "";

    public async Task InitializeAsync()
    {
        await hub.ResetAsync();
        await PushFarmAsync(Farm, pigs: 120);
        await PushFarmAsync(Neighbour, pigs: 50);
        var put = await hub.Client.PutAsJsonAsync($"/api/rollout/counties/{County}", new { enabled = true, since = "2026-01-01" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(1000))));
        await Ok("tag-issuances", Issue("FF-1", "1", County, Township, "XZ", (Pig(1), Pig(500))));
        await Ok("tag-issuances", Issue("FF-2", "2", Township, Farm, "YZC", (Pig(1), Pig(100))));
        await Ok("tag-issuances", Issue("FF-3", "2", Township, Neighbour, "YZC", (Pig(101), Pig(150))));
        _qr = await QrAsync(Farm);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task PushFarmAsync(string code, int pigs, string township = Township, string gxsj = "2026-06-01 10:00:00", Action<JsonObject>? change = null)
    {
        var farm = RegistryPush.Farm(code, gxsj, pigs);
        farm["xzqhdm"] = township;
        change?.Invoke(farm);
        var (response, body) = await RegistryPush.PushAsync(hub.Client, [farm]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
    }

    private async Task<string> QrAsync(string farm) =>
        (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/farms/{farm}/qr"))!["token"]!.GetValue<string>();

    private async Task<JsonObject> Ok(string path, JsonObject body)
    {
        var (response, answer) = await SendAsync(hub.Client, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {answer.ToJsonString()}");
        return answer;
    }

    private JsonObject Declaration(string id, IEnumerable<string> tags, int? count = null, string farm = Farm, string? qr = null, string species = "1")
    {
        var list = tags.ToList();
        return new JsonObject
        {
            ["sbdh"] = id, ["yzcbm"] = farm, ["ewm"] = qr ?? _qr, ["xmdm"] = species, ["sl"] = count ?? list.Count,
            ["ddd"] = new JsonObject { ["xzqhdm"] = "220102", ["dz"] = "长春市南关区皓月屠宰场" }, ["yt"] = "屠宰",
            ["ebh"] = new JsonArray(list.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()), ["sbsj"] = "2026-07-20 08:00:00",
        };
    }

    private static JsonObject Certificate(string number, string declaration, IEnumerable<string> tags, string type = "B",
        string destination = "220102", int days = 1, string plate = "吉A12345", string farm = Farm)
    {
        var list = tags.ToList();
        return new JsonObject
        {
            ["zmbh"] = number, ["zmlx"] = type, ["sbdh"] = declaration, ["yzcbm"] = farm, ["xmdm"] = "1", ["sl"] = list.Count,
            ["ebh"] = new JsonArray(list.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
            ["qydd"] = new JsonObject { ["xzqhdm"] = Township, ["dz"] = "农安镇新农村3组" },
            ["ddd"] = new JsonObject { ["xzqhdm"] = destination, ["dz"] = "屠宰场" },
            ["cyr"] = "王师傅", ["cph"] = plate, ["gfsy"] = "李兽医", ["qfsj"] = "2026-07-20 14:00:00", ["yxts"] = days,
        };
    }

    private static IEnumerable<string> Pigs(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => Pig(i));

    private async Task<int> StockAsync(string farm = Farm)
    {
        var stock = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/farms/{farm}/stock");
        return stock!["stock"]!.AsArray().Single(s => s!["species"]!.GetValue<string>() == "Pig")!["count"]!.GetValue<int>();
    }

    private static void AssertRejectedWith(HttpResponseMessage response, JsonObject answer, params string[] codes)
    {
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, answer.ToJsonString());
        Assert.Equal("rejected", answer["jg"]!.GetValue<string>());
        Assert.Equal(codes.Order(), ReasonCodes(answer).Distinct().Order());
    }

    [Fact]
    public async Task Should_follow_one_pig_from_stock_registration_to_the_national_platform()
    {
        var declared = await Ok("declarations", Declaration("SB-1", Pigs(1, 3)));
        Assert.Equal("accepted", declared["jg"]!.GetValue<string>());

        await Ok("certificates", Certificate("ZM-1", "SB-1", Pigs(1, 3)));

        Assert.Equal(117, await StockAsync());
        var trace = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/{Pig(2)}/trace");
        Assert.Equal(["registered", "firstIssuance", "secondIssuance", "declared", "certified"],
            trace!["steps"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()));
        Assert.Equal("220102", trace["steps"]![4]!["to"]!.GetValue<string>());
        var uploaded = await Eventually.WaitAsync(() => Task.FromResult(hub.Partners.NationalCloud.Received("certificates")),
            r => r.Count == 1, "the certificate at the national platform");
        Assert.Equal("ZM-1", uploaded[0].Item["certificateNo"]!.GetValue<string>());
        await Eventually.WaitAsync(async () => (await hub.Client.GetFromJsonAsync<JsonObject>("/api/certificates/ZM-1"))!,
            c => c["deliveries"]!.AsArray().Any(d => d!["status"]!.GetValue<string>() == "Delivered"), "the certificate's delivery state");
        var cert = await hub.Client.GetFromJsonAsync<JsonObject>("/api/certificates/ZM-1");
        Assert.Equal(3, cert!["tags"]!.AsArray().Count);
        Assert.Equal("SB-1", cert["declaration"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_refuse_an_unknown_farm() =>
        AssertRejected(await SendAsync(hub.Client, "declarations", Declaration("SB-1", Pigs(1, 2), farm: "FR220122999999")), "FARM_UNKNOWN");

    [Fact]
    public async Task Should_refuse_an_incomplete_farm_and_accept_its_replay_once_the_registry_completes_it()
    {
        await PushFarmAsync(Farm, 120, gxsj: "2026-06-02 10:00:00", change: f => f["lxdh"] = "");
        var (response, answer) = await SendAsync(hub.Client, "declarations", Declaration("SB-1", Pigs(1, 2)));
        AssertRejectedWith(response, answer, "FARM_INCOMPLETE");

        await PushFarmAsync(Farm, 120, gxsj: "2026-06-03 10:00:00");
        var replay = await hub.Client.PostAsync($"/api/journal/{answer["hubId"]}/replay", null);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var trace = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/{Pig(1)}/trace");
        Assert.Contains(trace!["steps"]!.AsArray(), s => s!["step"]!.GetValue<string>() == "declared");
    }

    [Fact]
    public async Task Should_refuse_a_closed_farm() =>
        await ExpectAsync(async () => await PushFarmAsync(Farm, 120, gxsj: "2026-06-02 10:00:00", change: f => f["zt"] = "0"),
            Declaration("SB-1", Pigs(1, 2)), "FARM_CLOSED");

    [Fact]
    public async Task Should_refuse_a_qr_token_that_is_not_the_farms_current_one()
    {
        var neighbours = await QrAsync(Neighbour);
        AssertRejected(await SendAsync(hub.Client, "declarations", Declaration("SB-1", Pigs(1, 2), qr: neighbours)), "QR_MISMATCH");

        await hub.Client.PostAsync($"/api/farms/{Farm}/qr/rotate", null);
        AssertRejected(await SendAsync(hub.Client, "declarations", Declaration("SB-2", Pigs(1, 2))), "QR_MISMATCH");
    }

    [Fact]
    public async Task Should_refuse_a_county_not_switched_on() =>
        await ExpectAsync(async () => await hub.Client.PutAsJsonAsync($"/api/rollout/counties/{County}", new { enabled = false, since = "2026-01-02" }),
            Declaration("SB-1", Pigs(1, 2)), "COUNTY_NOT_ENABLED");

    [Fact]
    public async Task Should_refuse_a_species_the_farm_does_not_keep() =>
        AssertRejected(await SendAsync(hub.Client, "declarations", Declaration("SB-1", ["222012200000001"], species: "2")),
            "SPECIES_NOT_KEPT", "TAG_NOT_IN_TOWNSHIP_STOCK");

    [Fact]
    public async Task Should_refuse_tags_not_matching_the_head_count() =>
        AssertRejected(await SendAsync(hub.Client, "declarations", Declaration("SB-1", Pigs(1, 3), count: 4)), "COUNT_MISMATCH");

    [Fact]
    public async Task Should_refuse_duplicate_tags() =>
        AssertRejected(await SendAsync(hub.Client, "declarations", Declaration("SB-1", [Pig(1), Pig(1)])), "DUPLICATE_TAGS");

    [Fact]
    public async Task Should_refuse_malformed_tags_naming_them()
    {
        var (response, answer) = await SendAsync(hub.Client, "declarations", Declaration("SB-1", [Pig(1), "12201220000", "222012200000001"]));
        AssertRejectedWith(response, answer, "TAG_MALFORMED");
        Assert.Equal(["12201220000", "222012200000001"], answer["reasons"]![0]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Should_refuse_tags_outside_the_townships_stock()
    {
        // 600..601 are still in the county's stock; 1, 2 are fine.
        var (response, answer) = await SendAsync(hub.Client, "declarations", Declaration("SB-1", [Pig(1), Pig(2), Pig(600), Pig(601)]));
        AssertRejectedWith(response, answer, "TAG_NOT_IN_TOWNSHIP_STOCK");
        Assert.Equal([Pig(600), Pig(601)], answer["reasons"]![0]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Should_refuse_tags_issued_to_another_farm() =>
        AssertRejected(await SendAsync(hub.Client, "declarations", Declaration("SB-1", [Pig(1), Pig(120)])), "TAG_ISSUED_TO_OTHER_FARM");

    [Fact]
    public async Task Should_refuse_tags_already_declared_and_cancelled_ones()
    {
        await Ok("declarations", Declaration("SB-1", Pigs(1, 2)));
        await Ok("tag-cancellations", Cancel("ZX-1", "死亡", Pig(3)));

        AssertRejected(await SendAsync(hub.Client, "declarations", Declaration("SB-2", Pigs(2, 3))), "TAG_ALREADY_USED", "TAG_CANCELLED");
    }

    [Fact]
    public async Task Should_refuse_more_head_than_the_farm_keeps()
    {
        await Ok("tag-issuances", Issue("FF-9", "2", Township, Farm, "YZC", (Pig(151), Pig(300))));
        AssertRejected(await SendAsync(hub.Client, "declarations", Declaration("SB-1", Pigs(151, 271))), "EXCEEDS_STOCK");
    }

    [Fact]
    public async Task Should_report_every_failure_of_a_declaration_together()
    {
        var (response, answer) = await SendAsync(hub.Client, "declarations",
            Declaration("SB-1", [Pig(1), Pig(1), Pig(120), Pig(700), "bad"], count: 9, qr: "not-the-token"));

        AssertRejectedWith(response, answer,
            "QR_MISMATCH", "COUNT_MISMATCH", "DUPLICATE_TAGS", "TAG_MALFORMED", "TAG_ISSUED_TO_OTHER_FARM", "TAG_NOT_IN_TOWNSHIP_STOCK");
    }

    [Fact]
    public async Task Should_accept_only_one_of_two_concurrent_declarations_sharing_a_tag()
    {
        var results = await Task.WhenAll(
            SendAsync(hub.Client, "declarations", Declaration("SB-A", Pigs(1, 5))),
            SendAsync(hub.Client, "declarations", Declaration("SB-B", Pigs(5, 9))));

        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(results, r => r.Response.StatusCode != HttpStatusCode.OK);
        Assert.Equal(["TAG_ALREADY_USED"], ReasonCodes(loser.Body));
        Assert.Equal([Pig(5)], loser.Body["reasons"]![0]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Should_answer_a_repeated_declaration_as_the_first_time()
    {
        var first = await Ok("declarations", Declaration("SB-1", Pigs(1, 2)));
        var again = await Ok("declarations", Declaration("SB-1", Pigs(1, 2)));

        Assert.Equal("accepted", again["jg"]!.GetValue<string>());
        Assert.Equal(first["hubId"]!.GetValue<string>(), again["summary"]!["firstHubId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("A", "220102", 1, "CERTIFICATE_TYPE_WRONG")]   // stays in Jilin: must be B
    [InlineData("B", "350102", 1, "CERTIFICATE_TYPE_WRONG")]   // leaves for Fujian: must be A
    [InlineData("B", "220102", 2, "VALIDITY_TOO_LONG")]        // B is the same day
    [InlineData("A", "350102", 6, "VALIDITY_TOO_LONG")]        // A at most 5 days
    public async Task Should_hold_certificates_to_the_A_B_and_validity_rules(string type, string destination, int days, string reason)
    {
        await Ok("declarations", Declaration("SB-1", Pigs(1, 2)));

        var (response, answer) = await SendAsync(hub.Client, "certificates", Certificate("ZM-1", "SB-1", Pigs(1, 2), type, destination, days));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([reason], ReasonCodes(answer));
    }

    [Fact]
    public async Task Should_accept_an_A_certificate_for_a_destination_outside_the_province() 
    {
        await Ok("declarations", Declaration("SB-1", Pigs(1, 2)));
        await Ok("certificates", Certificate("ZM-1", "SB-1", Pigs(1, 2), "A", "350102", 5));
    }

    [Fact]
    public async Task Should_roll_back_everything_a_refused_certificate_would_have_done()
    {
        await Ok("declarations", Declaration("SB-1", Pigs(1, 3)));

        // Tags and head count are fine, stock would drop, tags would be used — but two plates make it refused.
        var (response, answer) = await SendAsync(hub.Client, "certificates", Certificate("ZM-1", "SB-1", Pigs(1, 3), plate: "吉A12345,吉B54321"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["PLATE_INVALID"], ReasonCodes(answer));
        Assert.Equal(120, await StockAsync());
        var trace = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/tags/{Pig(1)}/trace");
        Assert.DoesNotContain(trace!["steps"]!.AsArray(), s => s!["step"]!.GetValue<string>() == "certified");
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync("/api/certificates/ZM-1")).StatusCode);
        // And the same certificate with one plate then goes through.
        await Ok("certificates", Certificate("ZM-1", "SB-1", Pigs(1, 3)));
        Assert.Equal(117, await StockAsync());
    }

    [Fact]
    public async Task Should_refuse_a_certificate_on_tags_outside_its_declaration_or_an_unknown_declaration()
    {
        await Ok("declarations", Declaration("SB-1", Pigs(1, 2)));

        var (_, outside) = await SendAsync(hub.Client, "certificates", Certificate("ZM-1", "SB-1", [Pig(1), Pig(7)]));
        Assert.Equal(["TAGS_NOT_IN_DECLARATION"], ReasonCodes(outside));
        var (_, unknown) = await SendAsync(hub.Client, "certificates", Certificate("ZM-2", "SB-404", Pigs(1, 2)));
        Assert.Equal(["DECLARATION_UNKNOWN"], ReasonCodes(unknown));
    }

    [Fact]
    public async Task Should_keep_stock_as_the_registry_baseline_plus_later_changes()
    {
        JsonObject Change(string id, string kind, int count, string at) => new()
        {
            ["bdid"] = id, ["yzcbm"] = Farm, ["xmdm"] = "1", ["bdlx"] = kind, ["sl"] = count, ["bdsj"] = at,
        };
        await Ok("stock-changes", Change("BD-1", "出生", 10, "2026-06-02 09:00:00"));   // after the 06-01 baseline
        await Ok("stock-changes", Change("BD-2", "死亡", 4, "2026-05-30 09:00:00"));    // before it: already counted
        Assert.Equal(130, await StockAsync());

        await PushFarmAsync(Farm, 125, gxsj: "2026-06-03 10:00:00");                  // new baseline counts the births
        Assert.Equal(125, await StockAsync());
        await Ok("stock-changes", Change("BD-3", "出栏", 5, "2026-06-04 09:00:00"));
        Assert.Equal(120, await StockAsync());

        var stock = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/farms/{Farm}/stock");
        Assert.Equal(["Death", "Baseline", "Birth", "Baseline", "Sale"],
            stock!["history"]!.AsArray().Select(h => h!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Should_record_the_stock_left_after_a_certificate_in_the_farms_stock_history()
    {
        await Ok("declarations", Declaration("SB-SA", Pigs(40, 42)));
        var before = await StockAsync();
        await Ok("certificates", Certificate("ZM-SA", "SB-SA", Pigs(40, 42)));

        var stock = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/farms/{Farm}/stock");
        var line = stock!["history"]!.AsArray().Single(h => h!["kind"]!.GetValue<string>() == "Certificate")!;
        Assert.Equal(before - 3, await StockAsync());
        Assert.Equal(before - 3, line["stockAfter"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_keep_both_a_certificate_and_a_registry_baseline_that_arrive_at_the_same_moment()
    {
        // Each round: one pig certified on 07-20 while the registry sends a new baseline dated before it. Whatever
        // order the two commit in, the stock is the baseline less every certificate after it.
        for (var round = 0; round < 6; round++)
        {
            var pig = Pig(10 + round);
            await Ok("declarations", Declaration($"SB-C{round}", [pig]));
            var baseline = 130 + round;
            var certificate = SendAsync(hub.Client, "certificates", Certificate($"ZM-C{round}", $"SB-C{round}", [pig]));
            var registry = RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(Farm, $"2026-07-0{round + 1} 10:00:00", baseline)]);
            await Task.WhenAll(certificate, registry);

            Assert.Equal(HttpStatusCode.OK, (await certificate).Response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await registry).Response.StatusCode);
            Assert.Equal(baseline - (round + 1), await StockAsync());
        }
    }

    [Fact]
    public async Task Should_export_a_tags_chain_as_an_epcis_2_document_in_time_order()
    {
        await Ok("declarations", Declaration("SB-E1", [Pig(5)]));
        await Ok("certificates", Certificate("ZM-E1", "SB-E1", [Pig(5)]));
        await Ok("tag-cancellations", Cancel("ZX-E1", "死亡", Pig(6)));

        var certified = await EpcisAsync(Pig(5));
        var cancelled = await EpcisAsync(Pig(6));

        Assert.Equal(GetTagEpcis.Context, (string?)certified["@context"]![0]);
        Assert.Equal("EPCISDocument", (string?)certified["type"]);
        Assert.Equal("2.0", (string?)certified["schemaVersion"]);
        var events = certified["epcisBody"]!["eventList"]!.AsArray();
        Assert.Equal(["commissioning", "shipping", "receiving", "shipping", "receiving", "inspecting", "inspecting"],
            events.Select(e => (string)e!["bizStep"]!));
        Assert.All(events, e => Assert.Equal("ObjectEvent", (string?)e!["type"]));
        Assert.All(events, e => Assert.Equal($"urn:eartagtrace:tag:{Pig(5)}", (string?)e!["epcList"]![0]));
        var times = events.Select(e => DateTimeOffset.Parse((string)e!["eventTime"]!)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal("urn:eartagtrace:region:" + County, (string?)events[0]!["bizLocation"]!["id"]);
        Assert.Equal("urn:eartagtrace:certificate:ZM-E1", (string?)events[6]!["bizTransactionList"]![0]!["bizTransaction"]);
        Assert.Equal("urn:eartagtrace:region:220102", (string?)events[6]!["destinationList"]![0]!["destination"]);
        var last = cancelled["epcisBody"]!["eventList"]!.AsArray().Last()!;
        Assert.Equal(("DELETE", "decommissioning"), ((string)last["action"]!, (string)last["bizStep"]!));

        // GS1's published EPCIS 2.0 JSON Schema is GS1's and not part of this repo: EARTAG_EPCIS_DUMP names a folder to
        // write both documents to, for checking them against it (docs/partners.md says how).
        if (Environment.GetEnvironmentVariable("EARTAG_EPCIS_DUMP") is { Length: > 0 } dump)
        {
            Directory.CreateDirectory(dump);
            await File.WriteAllTextAsync(Path.Combine(dump, "certified.json"), certified.ToJsonString());
            await File.WriteAllTextAsync(Path.Combine(dump, "cancelled.json"), cancelled.ToJsonString());
        }
    }

    private async Task<JsonObject> EpcisAsync(string tag)
    {
        var response = await hub.Client.GetAsync($"/api/tags/{tag}/epcis");
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task ExpectAsync(Func<Task> arrange, JsonObject declaration, params string[] codes)
    {
        await arrange();
        AssertRejected(await SendAsync(hub.Client, "declarations", declaration), codes);
    }

    private static void AssertRejected((HttpResponseMessage Response, JsonObject Body) result, params string[] codes) =>
        AssertRejectedWith(result.Response, result.Body, codes);
}
