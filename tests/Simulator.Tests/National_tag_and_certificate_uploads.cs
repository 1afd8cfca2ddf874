using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator.National;

namespace EarTagTrace.Simulator.Tests;

/// <summary>Ear-tag stock, issuances, cancellations and certificates on the national cloud simulator.</summary>
public sealed class National_tag_and_certificate_uploads : IDisposable
{
    private readonly PartnerSimulators _sims = PartnerSimulators.Start(new SimulatorOptions
    {
        Farms = 10, TimeProvider = TestClock.StoppedAt(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero)),
    });

    public void Dispose() => _sims.Dispose();

    /// <summary>Upload path, simulator type, the example item's id and its CST business date.</summary>
    public static TheoryData<string, string, string, string> Types => new()
    {
        { "/api/v1/eartag/stock", "stock", "1024", "2026-03-02" },
        { "/api/v1/eartag/issuances", "issuances", "FF2026030500017", "2026-03-05" },
        { "/api/v1/eartag/cancellations", "cancellations", "ZX2026041100003", "2026-04-11" },
        { "/api/v1/quarantine/certificates", "certificates", "2200123456789", "2026-06-01" },
    };

    [Theory]
    [InlineData("stock-item")]
    [InlineData("issuance-item")]
    [InlineData("cancellation-item")]
    [InlineData("certificate-item")]
    public void Should_have_the_contract_of_every_tag_and_certificate_item(string schema)
    {
        // Without it the simulator would accept anything for the type and the 2001 test below would prove nothing.
        Assert.True(ContractSchemas.Has($"national-cloud/{schema}.schema.json"));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Should_accept_a_valid_item_and_list_it_with_its_id_county_and_date(string path, string type, string id, string date)
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        var (status, body, _) = await SimClient.UploadAsync(_sims.NationalCloudUrl + path, token, "r-" + type, [Item(type)]);

        Assert.Equal(200, status);
        Assert.Equal("0000", body["code"]!.GetValue<string>());
        Assert.Equal(1, body["data"]!["accepted"]!.GetValue<int>());
        var received = Assert.Single(_sims.NationalCloud.Received(type));
        Assert.Equal((id, "220122", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)), (received.Id, received.CountyCode, received.Date));
        var listed = JsonNode.Parse(await SimClient.Http.GetStringAsync(_sims.NationalCloudUrl + "/__sim/received?type=" + type))!;
        Assert.Equal("r-" + type, listed["items"]![0]!["requestId"]!.GetValue<string>());
        Assert.Equal(Item(type).ToJsonString(), listed["items"]![0]!["item"]!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Should_reject_an_item_its_contract_refuses_with_2001(string path, string type, string id, string date)
    {
        _ = (id, date);
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        var invalid = Item(type);
        invalid["countyCode"] = "2201";
        var unknownField = Item(type);
        unknownField["remark"] = "not in the contract";

        var (status, body, _) = await SimClient.UploadAsync(_sims.NationalCloudUrl + path, token, "bad-" + type, [invalid, unknownField]);

        Assert.Equal(200, status);
        Assert.Equal(0, body["data"]!["accepted"]!.GetValue<int>());
        var rejected = body["data"]!["rejected"]!.AsArray();
        Assert.Equal([0, 1], rejected.Select(r => r!["index"]!.GetValue<int>()));
        Assert.All(rejected, r => Assert.Equal("2001", r!["code"]!.GetValue<string>()));
        Assert.Empty(_sims.NationalCloud.Received(type));
    }

    [Fact]
    public async Task Should_reconcile_certificates_and_issuances_by_county_and_day()
    {
        var token = await SimClient.TokenAsync(_sims.NationalCloudUrl);
        var other = Item("certificates");
        other["certificateNo"] = "2200123456790";
        other["earTags"] = new JsonArray("122012200001009");
        await SimClient.UploadAsync(_sims.NationalCloudUrl + "/api/v1/quarantine/certificates", token, "c", [Item("certificates"), other]);
        await SimClient.UploadAsync(_sims.NationalCloudUrl + "/api/v1/eartag/issuances", token, "i", [Item("issuances")]);

        Assert.Equal((2, Digest("2200123456789", "2200123456790")), await ReconcileAsync(token, "certificates", "2026-06-01"));
        Assert.Equal((1, Digest("FF2026030500017")), await ReconcileAsync(token, "issuances", "2026-03-05"));
    }

    private async Task<(int, string)> ReconcileAsync(string token, string type, string date)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_sims.NationalCloudUrl}/api/v1/reconcile?type={type}&countyCode=220122&date={date}");
        request.Headers.Authorization = new("Bearer", token);
        var (status, body) = await SimClient.SendAsync(request);
        Assert.Equal(200, status);
        return (body["data"]!["count"]!.GetValue<int>(), body["data"]!["digest"]!.GetValue<string>());
    }

    private static string Digest(params string[] sortedIds)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", sortedIds))));

    /// <summary>Items as contracts/national-cloud/*-item.schema.json define them, written without any hub code.</summary>
    private static JsonObject Item(string type) => type switch
    {
        "stock" => new()
        {
            ["stockId"] = "1024", ["countyCode"] = "220122", ["registrarCode"] = "220122", ["speciesCode"] = "1",
            ["boxNo"] = "X2026-0012", ["packNo"] = null, ["startTag"] = "122012200001001", ["endTag"] = "122012200001100",
            ["quantity"] = 100, ["registerTime"] = "2026-03-02 10:15:00",
        },
        "issuances" => new()
        {
            ["issuanceId"] = "FF2026030500017", ["issuanceType"] = "1", ["issuerCode"] = "220122", ["receiverCode"] = "220122100",
            ["receiverType"] = "XZ", ["countyCode"] = "220122",
            ["segments"] = new JsonArray(Segment("122012200001001", "122012200001050", 50)),
            ["quantity"] = 50, ["issueTime"] = "2026-03-05 14:20:00",
        },
        "cancellations" => new()
        {
            ["cancellationId"] = "ZX2026041100003", ["countyCode"] = "220122", ["reason"] = "DEATH",
            ["segments"] = new JsonArray(Segment("122012200001001", "122012200001003", 3), Segment("122012200001005", "122012200001005", 1)),
            ["quantity"] = 4, ["cancelTime"] = "2026-04-11 16:45:30",
        },
        "certificates" => new()
        {
            ["certificateNo"] = "2200123456789", ["certificateType"] = "B", ["declarationNo"] = "SB2026060100042",
            ["farmId"] = "FR220122000123", ["countyCode"] = "220122", ["speciesCode"] = "1", ["quantity"] = 2,
            ["earTags"] = new JsonArray("122012200001001", "122012200001002"),
            ["originCode"] = "220122100", ["originAddress"] = "吉林省长春市农安县农安镇", ["destinationCode"] = "220183",
            ["destinationAddress"] = null, ["carrier"] = null, ["plateNo"] = "吉A12345", ["vetName"] = "赵立新",
            ["issueTime"] = "2026-06-01 09:40:00", ["validDays"] = 2,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a tag or certificate upload"),
    };

    private static JsonObject Segment(string start, string end, int quantity)
        => new() { ["speciesCode"] = "1", ["startTag"] = start, ["endTag"] = end, ["quantity"] = quantity };
}
