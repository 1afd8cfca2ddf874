using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Mappings;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.FujianMonitoring;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests.FujianMonitoring;

/// <summary>
/// The notice (二(一)): 对纳入监管名录的重点农产品进行抽样快速检测，并将检测结果及时上传福建省农产品质量安全监测系统. The
/// system's interface is assumed (contracts/fujian-monitoring); its contract is held to its example and the mapping.
/// </summary>
public class Mapping_rapid_tests_for_the_fujian_monitoring_system
{
    public static TheoryData<string> FujianContracts => new(FujianMonitoringContracts.All);

    [Theory]
    [MemberData(nameof(FujianContracts))]
    public void Should_accept_the_example_beside_every_schema(string contract) =>
        Assert.Empty(ContractValidator.Validate(contract, TestFiles.Read("contracts", contract + ".example.json")));

    [Fact]
    public void Should_inline_the_item_exactly_in_its_batch()
    {
        var schema = JsonNode.Parse(ContractValidator.GetSchemaText(FujianMonitoringContracts.RapidTestItem))!.AsObject();
        schema.Remove("$schema");
        schema.Remove("title");
        var inlined = JsonNode.Parse(ContractValidator.GetSchemaText(FujianMonitoringContracts.RapidTestBatch))!["definitions"]!["rapidTestItem"];

        JsonAssert.Equal(schema.ToJsonString(), inlined!.ToJsonString());
    }

    [Fact]
    public void Should_map_a_rapid_test_to_the_golden_item_and_refuse_a_test_without_a_county()
    {
        var test = new CanonicalRapidTest
        {
            Id = 77, RecordId = 1024, EntityName = "安溪县凤城镇绿源蔬菜专业合作社", ProductCode = "cowpea", RegionCode = "350524100201",
            SampleNo = "AX20230415-003", Item = "有机磷和氨基甲酸酯类农药", Result = RapidTestResult.Pass, Value = "抑制率 12%",
            TestedAt = new DateTimeOffset(2023, 4, 15, 6, 20, 0, TimeSpan.Zero), Tester = "黄志强",
        };

        var mapped = FujianRapidTestMapping.FromCanonical(test);
        var unplaced = FujianRapidTestMapping.FromCanonical(test with { RegionCode = "3505" });

        Assert.True(mapped.IsValid, string.Join("; ", mapped.Violations.Select(v => $"{v.Path} {v.Message}")));
        JsonAssert.Equal(TestFiles.Read("contracts", "fujian-monitoring", "rapid-test-item.example.json"),
            JsonSerializer.Serialize(mapped.Value, PartnerJson.Options));
        Assert.False(unplaced.IsValid);
    }
}
