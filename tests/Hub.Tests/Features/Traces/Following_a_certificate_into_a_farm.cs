using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Common;
using Npgsql;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Features.Traces;

/// <summary>
/// End to end through 动监e通's push: a certificate naming its destination farm (dddyzcbm 到达地养殖场编码) is stored
/// with it, and a trace follows the animals onto that farm and counts the farm's own animals as co-residents.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Following_a_certificate_into_a_farm(HubFixture hub) : IAsyncLifetime
{
    private const string County = "220122", Township = "220122100";
    private const string Origin = "FR220122000931", Destination = "FR220122000932";

    public async Task InitializeAsync()
    {
        await hub.ResetAsync();
        foreach (var code in new[] { Origin, Destination })
        {
            var (pushed, body) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm(code)]);
            Assert.True(pushed.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        }
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.PutAsJsonAsync($"/api/rollout/counties/{County}", new { enabled = true, since = "2026-01-01" })).StatusCode);
        await Ok("tag-stock", Stock(County, ("B1", Pig(1), Pig(1000))));
        await Ok("tag-issuances", Issue("FF-1", "1", County, Township, "XZ", (Pig(1), Pig(500))));
        await Ok("tag-issuances", Issue("FF-2", "2", Township, Origin, "YZC", (Pig(1), Pig(100))));
        await Ok("tag-issuances", Issue("FF-3", "2", Township, Destination, "YZC", (Pig(101), Pig(150))));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonObject> Ok(string path, JsonObject body)
    {
        var (response, answer) = await SendAsync(hub.Client, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {answer.ToJsonString()}");
        return answer;
    }

    [Fact]
    public async Task Should_store_the_destination_farm_and_trace_the_animals_onto_it()
    {
        var qr = (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/farms/{Origin}/qr"))!["token"]!.GetValue<string>();
        // Two days ago, China time: inside the trace's 30-day window whatever today is.
        var when = hub.Clock.GetUtcNow().AddDays(-2).ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        JsonArray Tags() => [Pig(1), Pig(2)];
        await Ok("declarations", new JsonObject
        {
            ["sbdh"] = "SB-T1", ["yzcbm"] = Origin, ["ewm"] = qr, ["xmdm"] = "1", ["sl"] = 2,
            ["ddd"] = new JsonObject { ["xzqhdm"] = Township, ["dz"] = "农安镇二号场" }, ["yt"] = "饲养",
            ["ebh"] = Tags(), ["sbsj"] = when + " 08:00:00",
        });
        await Ok("certificates", new JsonObject
        {
            ["zmbh"] = "ZM-T1", ["zmlx"] = "B", ["sbdh"] = "SB-T1", ["yzcbm"] = Origin, ["xmdm"] = "1", ["sl"] = 2, ["ebh"] = Tags(),
            ["qydd"] = new JsonObject { ["xzqhdm"] = Township, ["dz"] = "农安镇新农村3组" },
            ["ddd"] = new JsonObject { ["xzqhdm"] = Township, ["dz"] = "农安镇二号场" }, ["dddyzcbm"] = Destination,
            ["cyr"] = "王师傅", ["cph"] = "吉A12345", ["gfsy"] = "李兽医", ["qfsj"] = when + " 14:00:00", ["yxts"] = 1,
        });

        await using (var conn = new NpgsqlConnection(hub.ConnectionString))
        {
            await conn.OpenAsync();
            await using var read = new NpgsqlCommand("select destination_farm_code from certificate where number = 'ZM-T1'", conn);
            Assert.Equal(Destination, await read.ExecuteScalarAsync());
        }

        var response = await hub.Client.PostAsJsonAsync("/api/traces", new { start = Pig(1), depth = 1 });
        var trace = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, trace.ToJsonString());
        var places = trace["places"]!.AsArray().ToDictionary(p => (string)p!["id"]!, p => p!);
        Assert.Equal(new[] { "farm:" + Origin, "farm:" + Destination }, places.Keys.Order().ToArray());
        Assert.Equal(52, (long)places["farm:" + Destination]["animals"]!); // Pig(101..150) and the two that came
        var movement = Assert.Single(trace["movements"]!.AsArray())!;
        Assert.Equal(("farm:" + Origin, "farm:" + Destination, "ZM-T1", 2L),
            ((string)movement["from"]!, (string)movement["to"]!, (string)movement["certificateNumber"]!, (long)movement["count"]!));
    }
}
