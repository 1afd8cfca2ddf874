using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Http;

namespace EarTagTrace.Simulator.Tests;

/// <summary>A tester's stubs through WireMock's admin interface and stub files, over the simulators' built-in behaviour.</summary>
public sealed class Scripting_the_simulators_through_wiremock_admin : IDisposable
{
    private readonly TestClock _time = TestClock.StoppedAt(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly string _stubs = Path.Combine(Path.GetTempPath(), "eartag-stubs-" + Guid.NewGuid().ToString("N"));
    private readonly PartnerSimulators _sims;

    public Scripting_the_simulators_through_wiremock_admin()
    {
        // The example stub files of docs/testing.md, and one of the test's own.
        var examples = Path.Combine(RepoRoot(), "docs", "stubs");
        foreach (var file in Directory.GetFiles(examples, "*.json", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(_stubs, Path.GetRelativePath(examples, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        Directory.CreateDirectory(Path.Combine(_stubs, "national-cloud"));
        Directory.CreateDirectory(Path.Combine(_stubs, "farm-registry"));
        File.WriteAllText(Path.Combine(_stubs, "national-cloud", "reconcile-outage.json"), """
            { "Request": { "Path": "/api/v1/reconcile", "Methods": ["GET"] },
              "Response": { "StatusCode": 503, "BodyAsJson": { "code": "503", "message": "reconciliation closed for maintenance" } } }
            """);
        _sims = PartnerSimulators.Start(new SimulatorOptions { Farms = 20, TimeProvider = _time, MappingsFolder = _stubs });
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EarTagTrace.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("EarTagTrace.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        _sims.Dispose();
        Directory.Delete(_stubs, recursive: true);
    }

    private static string RejectFarm(string farmId, string message) => $$"""
        { "Request": { "Path": "/api/v1/farms", "Methods": ["POST"],
                       "Body": { "Matcher": { "Name": "JsonPathMatcher", "Pattern": "$.items[?(@.farmId == '{{farmId}}')]" } } },
          "Response": { "StatusCode": 200, "BodyAsJson": { "code": "0000", "message": "success",
                        "data": { "accepted": 0, "duplicate": 0, "rejected": [ { "index": 0, "code": "2001", "message": "{{message}}" } ] } } } }
        """;

    private static JsonArray Farm(string farmId) => [new JsonObject { ["farmId"] = farmId }];

    private static async Task<(int Status, string Body)> AdminAsync(HttpMethod method, string url, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await SimClient.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_answer_a_matching_upload_from_the_testers_stub_and_the_rest_from_the_simulator()
    {
        var url = _sims.NationalCloudUrl;
        var (added, answer) = await AdminAsync(HttpMethod.Post, url + "/__admin/mappings", RejectFarm("FR220122100099", "closed farm 已关闭"));
        Assert.Equal(201, added);
        Assert.NotNull(JsonNode.Parse(answer)!["Guid"]);

        var token = await SimClient.TokenAsync(url);
        var (status, stubbed, _) = await SimClient.UploadAsync(url + "/api/v1/farms", token, "r-1", Farm("FR220122100099"));
        Assert.Equal(200, status);
        Assert.Equal("2001", stubbed["data"]!["rejected"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("closed farm 已关闭", stubbed["data"]!["rejected"]![0]!["message"]!.GetValue<string>());
        // The stub answered, so the simulator kept nothing of that upload.
        Assert.Empty(_sims.NationalCloud.Received("farms"));

        // Any other farm goes to the built-in platform, which checks the token like before.
        var (builtIn, _, _) = await SimClient.UploadAsync(url + "/api/v1/farms", "not-a-token", "r-2", Farm("FR220122100001"));
        Assert.Equal(401, builtIn);

        var log = JsonNode.Parse((await AdminAsync(HttpMethod.Get, url + "/__admin/requests")).Body)!.AsArray();
        Assert.Contains(log, e => (string?)e!["Request"]!["Path"] == "/api/v1/farms" && ((string?)e["Request"]!["Body"])!.Contains("FR220122100099"));
    }

    [Fact]
    public async Task Should_keep_the_built_in_behaviour_when_every_mapping_is_deleted_and_reload_stub_files_on_reset()
    {
        var url = _sims.NationalCloudUrl;
        var token = await SimClient.TokenAsync(url);
        using var reconcile = new HttpRequestMessage(HttpMethod.Get, url + "/api/v1/reconcile?type=farms");
        reconcile.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(503, (await SimClient.SendAsync(reconcile)).Status);

        Assert.Equal(200, (await AdminAsync(HttpMethod.Delete, url + "/__admin/mappings")).Status);
        var mappings = JsonNode.Parse((await AdminAsync(HttpMethod.Get, url + "/__admin/mappings")).Body)!.AsArray();
        var only = Assert.Single(mappings);
        Assert.Equal(SimServer.BuiltInMappingId.ToString(), (string?)only!["Guid"]);
        using var again = new HttpRequestMessage(HttpMethod.Get, url + "/api/v1/reconcile?type=farms");
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var (status, body) = await SimClient.SendAsync(again);
        Assert.Equal(200, status);
        Assert.Equal("0000", body["code"]!.GetValue<string>());

        Assert.Equal(200, (await AdminAsync(HttpMethod.Post, url + "/__admin/reset")).Status);
        var files = Directory.GetFiles(Path.Combine(_stubs, "national-cloud"), "*.json").Length;
        Assert.Equal(files + 1, JsonNode.Parse((await AdminAsync(HttpMethod.Get, url + "/__admin/mappings")).Body)!.AsArray().Count);
        Assert.Empty(JsonNode.Parse((await AdminAsync(HttpMethod.Get, url + "/__admin/requests")).Body)!.AsArray());
    }

    [Fact]
    public async Task Should_refuse_a_stub_that_does_not_parse_or_takes_the_built_in_id()
    {
        var url = _sims.DjetUrl;
        Assert.Equal(400, (await AdminAsync(HttpMethod.Post, url + "/__admin/mappings", "{ not json")).Status);
        var (status, _) = await AdminAsync(HttpMethod.Put, url + "/__admin/mappings/" + SimServer.BuiltInMappingId,
            """{ "Request": { "Path": "/*" }, "Response": { "StatusCode": 200 } }""");
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Should_replace_a_stub_put_under_its_id()
    {
        var url = _sims.NationalAgriUrl;
        var id = Guid.NewGuid();
        foreach (var text in new[] { "first", "second" })
        {
            var (status, _) = await AdminAsync(HttpMethod.Put, $"{url}/__admin/mappings/{id}",
                $$"""{ "Request": { "Path": "/ping", "Methods": ["GET"] }, "Response": { "StatusCode": 200, "Body": "{{text}}" } }""");
            Assert.Equal(200, status);
        }
        Assert.Equal("second", await SimClient.Http.GetStringAsync(url + "/ping"));
    }

    [Fact]
    public async Task Should_serve_the_example_stub_files_and_one_added_later_after_a_reload()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        var (status, answer, _) = await SimClient.UploadAsync(_sims.NationalCloudUrl + "/api/v1/farms", token, "r-1", Farm("FR220122100099"));
        Assert.Equal(200, status);
        Assert.Equal("2001", answer["data"]!["rejected"]![0]!["code"]!.GetValue<string>());

        var feature = """{ "xzqhdm": "220122", "qy": true, "qysj": "2026-06-01 08:00:00" }""";
        var (down, _) = await SimClient.SignedAsync(HttpMethod.Post, _sims.DjetUrl + "/api/county-feature", feature, "dj-sandbox", "dj-sandbox-secret", _time.GetUtcNow());
        Assert.Equal(503, down);

        File.WriteAllText(Path.Combine(_stubs, "farm-registry", "ping.json"),
            """{ "Request": { "Path": "/ping", "Methods": ["GET"] }, "Response": { "StatusCode": 200, "Body": "pong" } }""");
        Assert.Equal(200, (await AdminAsync(HttpMethod.Post, _sims.FarmRegistryUrl + "/__admin/mappings/reloadStaticMappings")).Status);
        Assert.Equal("pong", await SimClient.Http.GetStringAsync(_sims.FarmRegistryUrl + "/ping"));
    }
}
