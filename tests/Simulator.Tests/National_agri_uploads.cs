using System.Text.Json.Nodes;

namespace EarTagTrace.Simulator.Tests;

/// <summary>Origin records and rapid tests on the national agri-product platform simulator, checked against its contracts.</summary>
public sealed class National_agri_uploads : IDisposable
{
    private readonly PartnerSimulators _sims = PartnerSimulators.Start(new SimulatorOptions
    {
        Farms = 10, TimeProvider = TestClock.StoppedAt(new DateTimeOffset(2023, 3, 1, 8, 0, 0, TimeSpan.Zero)),
    });

    public void Dispose() => _sims.Dispose();

    [Theory]
    [InlineData("origin-record-item")]
    [InlineData("rapid-test-item")]
    public void Should_have_the_contract_of_every_agri_item(string schema)
    {
        // Without it the simulator would skip validation, as it did before contracts/national-agri existed.
        Assert.True(ContractSchemas.Has($"national-agri/{schema}.schema.json"));
    }

    [Fact]
    public async Task Should_accept_a_valid_origin_record_and_list_it_with_its_id_county_and_collection_date()
    {
        var token = await SimClient.TokenAsync(_sims.NationalAgriUrl);

        var (status, body, _) = await SimClient.UploadAsync(_sims.NationalAgriUrl + "/api/v1/origin/records", token, "r-1", [Record()]);

        Assert.Equal(200, status);
        Assert.Equal(1, body["data"]!["accepted"]!.GetValue<int>());
        var received = Assert.Single(_sims.NationalAgri.Received("records"));
        Assert.Equal(("1024", "350524", new DateOnly(2023, 2, 10)), (received.Id, received.CountyCode, received.Date));
    }

    [Fact]
    public async Task Should_reject_items_the_contract_refuses_with_2001()
    {
        var token = await SimClient.TokenAsync(_sims.NationalAgriUrl);
        var badType = Record();
        badType["entityType"] = "个体户";
        var unknownField = Record();
        unknownField["remark"] = "not in the contract";
        var badTest = RapidTest();
        badTest["result"] = "MAYBE";

        var (_, records, _) = await SimClient.UploadAsync(_sims.NationalAgriUrl + "/api/v1/origin/records", token, "bad-r", [badType, unknownField]);
        var (_, tests, _) = await SimClient.UploadAsync(_sims.NationalAgriUrl + "/api/v1/rapid-tests", token, "bad-t", [badTest, RapidTest()]);

        Assert.Equal([0, 1], records["data"]!["rejected"]!.AsArray().Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal([0], tests["data"]!["rejected"]!.AsArray().Select(r => r!["index"]!.GetValue<int>()));
        Assert.Empty(_sims.NationalAgri.Received("records"));
        Assert.Single(_sims.NationalAgri.Received("rapid-tests"));
    }

    /// <summary>Items as contracts/national-agri defines them, written without any hub code.</summary>
    private static JsonObject Record() => new()
    {
        ["recordId"] = "1024", ["entityName"] = "安溪县凤城镇绿源蔬菜专业合作社", ["entityType"] = "COOPERATIVE", ["purchaser"] = false,
        ["contactName"] = "陈志明", ["contactPhone"] = "13905951234", ["productCode"] = "cowpea", ["productName"] = "豇豆", ["scale"] = 12.5,
        ["unit"] = "MU", ["baseAddress"] = null, ["regionCode"] = "350524100201", ["countyCode"] = "350524", ["longitude"] = null, ["latitude"] = null,
        ["marketStart"] = "2023-04-20", ["marketEnd"] = null, ["productionMode"] = "OPEN_FIELD", ["traceMethods"] = new JsonArray("COMPLIANCE_CERTIFICATE"),
        ["creditRating"] = null, ["gridSupervisor"] = null, ["gridSupervisorPhone"] = null, ["collector"] = "王丽", ["collectorPhone"] = "0595-68792206",
        ["collectedAt"] = "2023-02-10 10:30:00", ["updateTime"] = "2023-02-10 10:30:00",
    };

    private static JsonObject RapidTest() => new()
    {
        ["testId"] = "77", ["recordId"] = "1024", ["entityName"] = "安溪县凤城镇绿源蔬菜专业合作社", ["productCode"] = "cowpea",
        ["regionCode"] = "350524100201", ["countyCode"] = "350524", ["sampleNo"] = "AX20230415-003", ["testItem"] = "有机磷和氨基甲酸酯类农药",
        ["result"] = "PASS", ["value"] = null, ["tester"] = "黄志强", ["testTime"] = "2023-04-15 14:20:00",
    };
}
