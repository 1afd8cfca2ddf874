using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using static EarTagTrace.Mappings.Tests.Djet.DjetExamples;

namespace EarTagTrace.Mappings.Tests.Djet;

/// <summary>The Jilin plan, 二: "耳标库存登记完成后，录入“动监e通”系统": the hub's registrations as 动监e通's stock entry.</summary>
public class Mapping_stock_entry_into_djet
{
    private static CanonicalStockRegistration Registration(long id, string? box) => new(
        id, "220122", "220122", Species.Pig, box, "01", new TagRange(122012200000001, 122012200000500), 500, Utc(2026, 3, 2, 2, 15));

    [Fact]
    public void Should_map_a_registration_to_the_golden_body()
    {
        var result = DjetTagStockSyncMapping.FromCanonical("220122", [Registration(1001, "A0001")]);

        Assert.Empty(result.Violations);
        var expected = JsonNode.Parse(TestFiles.Read("contracts", "djet", "tag-stock-sync.example.json"));
        var actual = JsonNode.Parse(JsonSerializer.Serialize(result.Value, PartnerJson.Options));
        Assert.True(JsonNode.DeepEquals(expected, actual), actual!.ToJsonString());
    }

    [Fact]
    public void Should_refuse_to_send_a_registration_without_its_box()
    {
        var result = DjetTagStockSyncMapping.FromCanonical("220122", [Registration(1002, null)]);

        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v.Path == "$.rows[0].xh");
    }
}
