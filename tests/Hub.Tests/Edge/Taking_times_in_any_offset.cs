using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Tests.Features.Journal;
using static EarTagTrace.Hub.Tests.Features.Origin.OriginSheet;

namespace EarTagTrace.Hub.Tests.Edge;

/// <summary>
/// Times written the way a Chinese user writes them (+08:00), or in any other offset, are the instants they name on
/// every route that takes a time: the same answer as in UTC, never a 500.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class Taking_times_in_any_offset(HubFixture hub) : IAsyncLifetime
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly TimeSpan NewYork = TimeSpan.FromHours(-5);

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>ISO 8601 in the given offset, escaped for a query string (a bare '+' would read as a space).</summary>
    private static string Query(DateTimeOffset instant, TimeSpan offset) =>
        Uri.EscapeDataString(instant.ToOffset(offset).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));

    private static string Json(DateTimeOffset instant, TimeSpan offset) =>
        instant.ToOffset(offset).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long> JournaledFarmAsync()
    {
        var (response, body) = await RegistryPush.PushAsync(hub.Client, [RegistryPush.Farm("FR220122170001")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return long.Parse((string)body["hubId"]!);
    }

    private async Task<List<long>> JournalIdsAsync(string query)
    {
        var response = await hub.Client.GetAsync("/api/journal?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>())];
    }

    [Theory]
    [InlineData(8)]
    [InlineData(-5)]
    [InlineData(0)]
    public async Task Should_list_the_journal_from_and_to_an_instant_in_any_offset(int offsetHours)
    {
        var id = await JournaledFarmAsync();
        var now = hub.Clock.GetUtcNow();
        var offset = TimeSpan.FromHours(offsetHours);

        var inside = await JournalIdsAsync($"from={Query(now.AddHours(-1), offset)}&to={Query(now.AddHours(1), offset)}");
        var after = await JournalIdsAsync($"from={Query(now.AddHours(1), offset)}");
        var before = await JournalIdsAsync($"to={Query(now.AddHours(-1), offset)}");

        Assert.Contains(id, inside);
        Assert.DoesNotContain(id, after);
        Assert.DoesNotContain(id, before);
    }

    [Fact]
    public async Task Should_read_a_plus_the_query_string_turned_into_a_space_and_a_date_alone_as_a_china_day()
    {
        var id = await JournaledFarmAsync();
        var now = hub.Clock.GetUtcNow();
        var chinaToday = DateOnly.FromDateTime(now.ToOffset(China).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var unescaped = now.AddHours(-1).ToOffset(China).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains(id, await JournalIdsAsync("from=" + unescaped));
        Assert.Contains(id, await JournalIdsAsync($"from={chinaToday}&to={chinaToday}"));
    }

    [Fact]
    public async Task Should_grant_a_collector_until_an_instant_in_china_time_and_find_it_in_the_audit_by_a_china_time()
    {
        await hub.CreateAccountAsync("tp-offset", "220122", [StaffRoles.Collector], thirdParty: true);
        var nongan = await hub.LoginAsync("nongan");
        var now = hub.Clock.GetUtcNow();
        var expires = new DateTimeOffset(now.Year + 1, 12, 1, 0, 0, 0, China);

        var grant = await nongan.PostAsJsonAsync("/api/collector-authorisations", new
        {
            username = "tp-offset", region = "220122", agreementNo = "NA-BM-OFFSET-1", agreementDate = "2026-11-01",
            expiresAt = Json(expires, China),
        });
        var answer = await grant.Content.ReadFromJsonAsync<JsonObject>();
        var audit = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/audit?action=collector.authorise&from={Query(now.AddMinutes(-5), China)}");
        var later = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/audit?action=collector.authorise&from={Query(now.AddHours(1), NewYork)}");
        var earlier = await hub.Client.GetFromJsonAsync<JsonObject>($"/api/audit?action=collector.authorise&to={Query(now.AddHours(-1), China)}");

        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        Assert.Equal(expires, DateTimeOffset.Parse(answer!["expiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(audit!["items"]!.AsArray(), i => i!["target"]!.GetValue<string>() == "tp-offset");
        Assert.DoesNotContain(later!["items"]!.AsArray(), i => i!["target"]!.GetValue<string>() == "tp-offset");
        Assert.DoesNotContain(earlier!["items"]!.AsArray(), i => i!["target"]!.GetValue<string>() == "tp-offset");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(-5)]
    public async Task Should_count_a_replay_run_from_an_instant_in_any_offset(int offsetHours)
    {
        await JournaledFarmAsync();
        var now = hub.Clock.GetUtcNow();
        var offset = TimeSpan.FromHours(offsetHours);

        var covering = await hub.Client.PostAsJsonAsync("/api/replays", new { filter = new { from = Json(now.AddHours(-1), offset), source = "farm-registry" }, dryRun = true });
        var none = await hub.Client.PostAsJsonAsync("/api/replays", new { filter = new { from = Json(now.AddHours(1), offset), source = "farm-registry" }, dryRun = true });

        var coveringRun = (await covering.Content.ReadFromJsonAsync<JsonObject>())!;
        var noneRun = (await none.Content.ReadFromJsonAsync<JsonObject>())!;
        // The dry runs go on in the background: finished before the next test resets the database under them.
        await Replaying_by_filter.FinishedAsync(hub.Client, coveringRun["id"]!.GetValue<long>());
        await Replaying_by_filter.FinishedAsync(hub.Client, noneRun["id"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Accepted, covering.StatusCode);
        Assert.Equal(1, coveringRun["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Accepted, none.StatusCode);
        Assert.Equal(0, noneRun["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_refuse_a_time_that_is_not_one_with_its_reason()
    {
        var journal = await hub.Client.GetAsync("/api/journal?from=tomorrow");
        var replay = await hub.Client.PostAsJsonAsync("/api/replays", new { filter = new { from = "2026-02-30" }, dryRun = true });

        Assert.Equal(HttpStatusCode.BadRequest, journal.StatusCode);
        Assert.Equal("PARAMETER_INVALID", (await journal.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("JSON_INVALID", (await replay.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
    }

    [Theory]
    // 蓬莱猪场 was collected at 2023-03-05 10:00 China time, 02:00 UTC; the other two records earlier.
    [InlineData("collectedFrom=2023-03-05T09:59:00%2B08:00", new[] { "蓬莱猪场" })]
    [InlineData("collectedFrom=2023-03-04T21:00:00-05:00", new[] { "蓬莱猪场" })]
    [InlineData("collectedFrom=2023-03-05T02:01:00Z", new string[0])]
    [InlineData("collectedFrom=2023-03-05T10:01:00%2B08:00", new string[0])]
    [InlineData("collectedTo=2023-03-05T10:00:00%2B08:00", new[] { "张家庭农场", "绿源合作社" })]
    [InlineData("collectedFrom=2023-03-05&collectedTo=2023-03-05", new[] { "蓬莱猪场" })]
    public async Task Should_filter_the_one_map_by_an_instant_in_any_offset(string filter, string[] entities)
    {
        var client = await hub.LoginAsync("anxi");
        var (status, _) = await ImportAsync(client, Csv(
        [
            Row(entity: "绿源合作社", scale: "12.5", longitude: "118.18", latitude: "25.05", collectedAt: "2023-02-10 10:00:00"),
            Row(entity: "张家庭农场", type: "家庭农场", product: "韭菜", scale: "3", longitude: "118.20", latitude: "25.07", collectedAt: "2023-03-01 10:00:00"),
            Row(entity: "蓬莱猪场", type: "农产品生产企业", product: "生猪", scale: "300", region: Penglai + "201", longitude: "118.00", latitude: "25.20",
                marketStart: null, marketEnd: null, collectedAt: "2023-03-05 10:00:00"),
        ]));
        Assert.Equal(HttpStatusCode.OK, status);

        var response = await client.GetAsync($"/api/origin/map?{filter}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var map = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(entities.Order(), map["features"]!.AsArray().Select(f => f!["properties"]!["entity"]!.GetValue<string>()).Order());
    }
}
