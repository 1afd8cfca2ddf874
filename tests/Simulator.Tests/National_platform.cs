using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator.National;

namespace EarTagTrace.Simulator.Tests;

public sealed class National_platform : IDisposable
{
    private readonly TestClock _time = TestClock.StoppedAt(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly PartnerSimulators _sims;

    public National_platform() => _sims = PartnerSimulators.Start(new SimulatorOptions { Farms = 10, TimeProvider = _time });

    public void Dispose() => _sims.Dispose();

    private string Farms => _sims.NationalCloudUrl + "/api/v1/farms";

    [Fact]
    public async Task Should_refuse_bad_client_credentials()
    {
        var (status, _) = await SimClient.PostFormAsync(_sims.NationalCloudUrl + "/oauth/token", "eartag-sandbox", "wrong");
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Should_refuse_a_token_once_its_lifetime_has_passed()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        Assert.Equal(200, (await SimClient.UploadAsync(Farms, token, "r1", [SimClient.FarmItem("FR220122000001")])).Status);
        _time.Advance(TimeSpan.FromSeconds(7201));
        Assert.Equal(401, (await SimClient.UploadAsync(Farms, token, "r2", [SimClient.FarmItem("FR220122000002")])).Status);
        Assert.Single(_sims.NationalCloud.Received("farms"));
    }

    [Fact]
    public async Task Should_expire_tokens_on_request()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        _sims.NationalCloud.SetFaults(new FaultSettings { ExpireTokensNow = true });
        Assert.Equal(401, (await SimClient.UploadAsync(Farms, token, "r1", [SimClient.FarmItem("FR220122000001")])).Status);
    }

    [Fact]
    public async Task Should_answer_a_repeated_request_id_as_all_duplicates_and_apply_nothing()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        var first = await SimClient.UploadAsync(Farms, token, "same", [SimClient.FarmItem("FR1"), SimClient.FarmItem("FR2")]);
        Assert.Equal(2, first.Body["data"]!["accepted"]!.GetValue<int>());
        var again = await SimClient.UploadAsync(Farms, token, "same", [SimClient.FarmItem("FR3"), SimClient.FarmItem("FR4")]);
        Assert.Equal(0, again.Body["data"]!["accepted"]!.GetValue<int>());
        Assert.Equal(2, again.Body["data"]!["duplicate"]!.GetValue<int>());
        Assert.Equal(["FR1", "FR2"], _sims.NationalCloud.Received("farms").Select(i => i.Id));
    }

    [Fact]
    public async Task Should_count_an_item_already_accepted_as_duplicate_but_accept_a_newer_update()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        await SimClient.UploadAsync(Farms, token, "a", [SimClient.FarmItem("FR1")]);
        var b = await SimClient.UploadAsync(Farms, token, "b", [SimClient.FarmItem("FR1"), SimClient.FarmItem("FR1", "2026-04-01 10:00:00")]);
        Assert.Equal(1, b.Body["data"]!["accepted"]!.GetValue<int>());
        Assert.Equal(1, b.Body["data"]!["duplicate"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_reject_listed_ids_and_invalid_items_with_2001()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        _sims.NationalCloud.SetFaults(new FaultSettings { RejectIds = ["FR2"] });
        var invalid = SimClient.FarmItem("FR3");
        invalid["farmType"] = "CASTLE";
        var (status, body, _) = await SimClient.UploadAsync(Farms, token, "r", [SimClient.FarmItem("FR1"), SimClient.FarmItem("FR2"), invalid]);
        Assert.Equal(200, status);
        Assert.Equal("0000", body["code"]!.GetValue<string>());
        var rejected = body["data"]!["rejected"]!.AsArray();
        var expectedIndexes = ContractSchemas.Has("national-cloud/farm-item.schema.json") ? new[] { 1, 2 } : [1];
        Assert.Equal(expectedIndexes, rejected.Select(r => r!["index"]!.GetValue<int>()));
        Assert.All(rejected, r => Assert.Equal("2001", r!["code"]!.GetValue<string>()));
        Assert.Equal(["FR1"], _sims.NationalCloud.Received("farms").Select(i => i.Id));
    }

    [Fact]
    public async Task Should_refuse_a_batch_of_more_than_500_items_as_a_whole()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        var items = new JsonArray(Enumerable.Range(0, 501).Select(i => (JsonNode?)SimClient.FarmItem("FR" + i)).ToArray());
        var (status, body, _) = await SimClient.UploadAsync(Farms, token, "big", items);
        Assert.Equal(400, status);
        Assert.NotEqual("0000", body["code"]!.GetValue<string>());
        Assert.Empty(_sims.NationalCloud.Received("farms"));
    }

    [Fact]
    public async Task Should_play_scripted_faults_in_order_then_answer_normally()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        _sims.NationalCloud.SetFaults(new FaultSettings { Script = ["401", "429", "503", "5000", "1001"], RetryAfterSeconds = 3 });
        var answers = new List<(int, string)>();
        for (var i = 0; i < 6; i++)
        {
            var (status, body, headers) = await SimClient.UploadAsync(Farms, token, "s" + i, [SimClient.FarmItem("FR" + i)]);
            answers.Add((status, body["code"]!.GetValue<string>()));
            if (status == 429)
                Assert.Equal(TimeSpan.FromSeconds(3), headers.RetryAfter!.Delta);
        }
        Assert.Equal([(401, "4010"), (429, "429"), (503, "503"), (200, "5000"), (200, "1001"), (200, "0000")], answers);
        Assert.Equal(["FR5"], _sims.NationalCloud.Received("farms").Select(i => i.Id));
    }

    [Fact]
    public async Task Should_summarise_received_items_over_http()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        await SimClient.UploadAsync(Farms, token, "a", [SimClient.FarmItem("FR1"), SimClient.FarmItem("FR2")]);
        await SimClient.UploadAsync(Farms, token, "b", [SimClient.FarmItem("FR1", "2026-05-01 00:00:00")]);
        var summary = JsonNode.Parse(await SimClient.Http.GetStringAsync(_sims.NationalCloudUrl + "/__sim/received?type=farms&summary=true"))!;
        Assert.Equal(3, summary["count"]!.GetValue<int>());
        Assert.Equal(2, summary["distinctKeys"]!.GetValue<int>());
        var full = JsonNode.Parse(await SimClient.Http.GetStringAsync(_sims.NationalCloudUrl + "/__sim/received?type=farms"))!;
        Assert.Equal("a", full["items"]![0]!["requestId"]!.GetValue<string>());
        Assert.Equal("FR1", full["items"]![0]!["item"]!["farmId"]!.GetValue<string>());
        using var reset = await SimClient.Http.PostAsync(_sims.NationalCloudUrl + "/__sim/reset", null);
        Assert.Equal(new ReceivedSummary("farms", 0, 0), _sims.NationalCloud.Summary("farms"));
    }

    [Fact]
    public async Task Should_list_every_request_id_each_item_arrived_under_faults_and_duplicates_included()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        await SimClient.UploadAsync(Farms, token, "r1", [SimClient.FarmItem("FR1"), SimClient.FarmItem("FR2")]);
        _sims.NationalCloud.SetFaults(new FaultSettings { Script = ["503"] });
        Assert.Equal(503, (await SimClient.UploadAsync(Farms, token, "r2", [SimClient.FarmItem("FR3")])).Status);
        Assert.Equal(200, (await SimClient.UploadAsync(Farms, token, "r2", [SimClient.FarmItem("FR3")])).Status);
        // The same item again under another id: the platform answers it as a duplicate, and the hook shows it.
        await SimClient.UploadAsync(Farms, token, "r3", [SimClient.FarmItem("FR1")]);

        var attempts = JsonNode.Parse(await SimClient.Http.GetStringAsync(_sims.NationalCloudUrl + "/__sim/attempts?type=farms"))!.AsArray();
        var byKey = attempts.ToDictionary(a => a!["key"]!.GetValue<string>(), a => a!["requestIds"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray());
        Assert.Equal(["FR1", "FR2", "FR3"], byKey.Keys);
        Assert.Equal(["r1", "r3"], byKey["FR1"]);
        Assert.Equal(["r1"], byKey["FR2"]);
        Assert.Equal(["r2", "r2"], byKey["FR3"]);

        using var bad = await SimClient.Http.GetAsync(_sims.NationalCloudUrl + "/__sim/attempts?type=nothing");
        Assert.Equal(400, (int)bad.StatusCode);
        _sims.NationalCloud.Reset();
        Assert.Empty(_sims.NationalCloud.Attempts("farms"));
    }

    [Fact]
    public async Task Should_reconcile_with_a_digest_of_sorted_ids_per_county_and_day()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        await SimClient.UploadAsync(Farms, token, "a", [SimClient.FarmItem("FR9", "2026-06-01 10:00:00"), SimClient.FarmItem("FR10", "2026-06-01 11:00:00"),
            SimClient.FarmItem("FR11", "2026-06-01 11:00:00", "220183"), SimClient.FarmItem("FR12", "2026-06-02 11:00:00")]);
        using var request = new HttpRequestMessage(HttpMethod.Get, _sims.NationalCloudUrl + "/api/v1/reconcile?type=farms&countyCode=220122&date=2026-06-01");
        request.Headers.Authorization = new("Bearer", token);
        var (status, body) = await SimClient.SendAsync(request);
        Assert.Equal(200, status);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("FR10\nFR9")));
        Assert.Equal(2, body["data"]!["count"]!.GetValue<int>());
        Assert.Equal(expected, body["data"]!["digest"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_check_agri_records_against_contracts_national_agri()
    {
        // contracts/national-agri exists now: a record missing most of its fields is refused, as any non-object is.
        var token = await SimClient.TokenAsync(_sims.NationalAgriUrl);
        var record = new JsonObject { ["recordId"] = "OR1", ["entityName"] = "安溪县某豇豆合作社", ["product"] = "cowpea" };
        var (status, body, _) = await SimClient.UploadAsync(_sims.NationalAgriUrl + "/api/v1/origin/records", token, "x", [record, 42]);
        Assert.Equal(200, status);
        Assert.Equal(0, body["data"]!["accepted"]!.GetValue<int>());
        Assert.Equal([0, 1], body["data"]!["rejected"]!.AsArray().Select(r => r!["index"]!.GetValue<int>()));
        Assert.Empty(_sims.NationalAgri.Received("records"));
    }
}
