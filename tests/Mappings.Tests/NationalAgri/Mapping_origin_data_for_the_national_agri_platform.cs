using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Mappings;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalAgri;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests.NationalAgri;

public class Mapping_origin_data_for_the_national_agri_platform
{
    public static TheoryData<string> AgriContracts => new(NationalAgriContracts.All);

    private static readonly DateTimeOffset Collected = new(2023, 2, 10, 2, 30, 0, TimeSpan.Zero);

    /// <summary>The canonical record behind contracts/national-agri/origin-record-item.example.json.</summary>
    private static CanonicalOriginRecord Cowpea() => new()
    {
        Id = 1024, EntityName = "安溪县凤城镇绿源蔬菜专业合作社", EntityType = OriginEntityType.Cooperative, ContactName = "陈志明",
        Phone = "+8613905951234", CreditRating = "A", ProductCode = "cowpea", ProductName = "豇豆", Scale = 12.5m, Unit = ScaleUnit.Mu,
        BaseAddress = "福建省泉州市安溪县凤城镇新康村后洋基地3号地块", RegionCode = "350524100201", Longitude = 118.186523m, Latitude = 25.055412m,
        MarketStart = new DateOnly(2023, 4, 20), MarketEnd = new DateOnly(2023, 7, 15), ProductionMode = ProductionMode.OpenField,
        TraceMethods = [TraceMethod.ETraceCode, TraceMethod.ComplianceCertificate], GridSupervisor = "林美华", GridSupervisorPhone = "+8613805958765",
        Collector = "王丽", CollectorPhone = "+8659568792206", CollectedAt = Collected, UpdatedAt = Collected,
    };

    [Theory]
    [MemberData(nameof(AgriContracts))]
    public void Should_accept_the_example_beside_every_schema(string contract)
    {
        Assert.Empty(ContractValidator.Validate(contract, TestFiles.Read("contracts", contract + ".example.json")));
    }

    [Theory]
    [InlineData(NationalAgriContracts.OriginRecordItem, NationalAgriContracts.OriginRecordBatch, "originRecordItem")]
    [InlineData(NationalAgriContracts.RapidTestItem, NationalAgriContracts.RapidTestBatch, "rapidTestItem")]
    public void Should_inline_the_item_exactly_in_its_batch(string item, string batch, string definition)
    {
        var schema = JsonNode.Parse(ContractValidator.GetSchemaText(item))!.AsObject();
        schema.Remove("$schema");
        schema.Remove("title");
        var inlined = JsonNode.Parse(ContractValidator.GetSchemaText(batch))!["definitions"]![definition];

        JsonAssert.Equal(schema.ToJsonString(), inlined!.ToJsonString());
    }

    [Fact]
    public void Should_map_a_canonical_record_to_the_golden_item()
    {
        var mapped = NationalOriginRecordMapping.FromCanonical(Cowpea());

        Assert.True(mapped.IsValid, string.Join("; ", mapped.Violations.Select(v => $"{v.Path} {v.Message}")));
        JsonAssert.Equal(TestFiles.Read("contracts", "national-agri", "origin-record-item.example.json"),
            JsonSerializer.Serialize(mapped.Value, PartnerJson.Options));
    }

    [Fact]
    public void Should_map_a_rapid_test_to_the_golden_item()
    {
        var mapped = NationalOriginRecordMapping.FromCanonical(new CanonicalRapidTest
        {
            Id = 77, RecordId = 1024, EntityName = "安溪县凤城镇绿源蔬菜专业合作社", ProductCode = "cowpea", RegionCode = "350524100201",
            SampleNo = "AX20230415-003", Item = "有机磷和氨基甲酸酯类农药", Result = RapidTestResult.Pass, Value = "抑制率 12%",
            TestedAt = new DateTimeOffset(2023, 4, 15, 6, 20, 0, TimeSpan.Zero), Tester = "黄志强",
        });

        Assert.True(mapped.IsValid);
        JsonAssert.Equal(TestFiles.Read("contracts", "national-agri", "rapid-test-item.example.json"),
            JsonSerializer.Serialize(mapped.Value, PartnerJson.Options));
    }

    [Fact]
    public void Should_send_a_record_without_a_point_yet_but_refuse_half_a_point()
    {
        var unlocated = NationalOriginRecordMapping.FromCanonical(Cowpea() with { Longitude = null, Latitude = null });
        var half = NationalOriginRecordMapping.FromCanonical(Cowpea() with { Latitude = null });

        Assert.True(unlocated.IsValid);
        Assert.Contains(half.Violations, v => v.Code == ViolationCodes.CoordIncomplete);
    }

    [Fact]
    public void Should_refuse_what_the_contract_forbids()
    {
        var inverted = NationalOriginRecordMapping.FromCanonical(Cowpea() with { MarketEnd = new DateOnly(2023, 1, 1) });
        var badRegion = NationalOriginRecordMapping.FromCanonical(Cowpea() with { RegionCode = "3505" });
        var negative = NationalOriginRecordMapping.FromCanonical(Cowpea() with { Scale = -1 });

        Assert.Contains(inverted.Violations, v => v.Path == "$.marketEnd");
        Assert.Contains(badRegion.Violations, v => v.Path == "$.regionCode");
        Assert.Contains(negative.Violations, v => v.Path == "$.scale" && v.Code == ViolationCodes.SchemaRange);
    }
}
