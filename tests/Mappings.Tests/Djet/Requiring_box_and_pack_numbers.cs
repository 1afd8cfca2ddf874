using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Djet;
using static EarTagTrace.Mappings.Tests.Djet.DjetExamples;

namespace EarTagTrace.Mappings.Tests.Djet;

/// <summary>
/// The Jilin plan, 二: "详细登记耳标箱号、包号、耳标号段及耳标数量". A 动监e通 stock row without its box or pack number is
/// refused with a code naming which one, not registered with a blank.
/// </summary>
public class Requiring_box_and_pack_numbers
{
    public static TheoryData<string, JsonNode?, string> Missing => new()
    {
        { "xh", null, "BOX_MISSING" },
        { "xh", "", "BOX_MISSING" },
        { "xh", "   ", "BOX_MISSING" },
        { "bh", null, "PACK_MISSING" },
        { "bh", "", "PACK_MISSING" },
        { "bh", "\t", "PACK_MISSING" },
    };

    [Theory]
    [MemberData(nameof(Missing))]
    public void Should_refuse_a_row_with_a_null_or_blank_number_with_its_own_code(string field, JsonNode? value, string code)
    {
        var json = Edit("tag-stock", m => m["rows"]![1]![field] = value);

        Assert.Equal(($"$.rows[1].{field}", code), Single(DjetTagStockMapping.ToCanonical(json)));
    }

    [Fact]
    public void Should_refuse_rows_that_leave_the_numbers_out_naming_each_row_and_field()
    {
        var json = Edit("tag-stock", m =>
        {
            m["rows"]![0]!.AsObject().Remove("xh");
            m["rows"]![2]!.AsObject().Remove("xh");
            m["rows"]![2]!.AsObject().Remove("bh");
        });

        var violations = Refused(DjetTagStockMapping.ToCanonical(json));

        // The schema's generic SCHEMA_REQUIRED is replaced, not repeated: one reason per missing number.
        Assert.Equal(
            new HashSet<(string, string)> { ("$.rows[0].xh", "BOX_MISSING"), ("$.rows[2].xh", "BOX_MISSING"), ("$.rows[2].bh", "PACK_MISSING") },
            violations.ToHashSet());
        Assert.Equal(3, violations.Count);
    }

    [Fact]
    public void Should_still_refuse_a_box_number_longer_than_the_contract_allows_with_the_schema_code()
    {
        var json = Edit("tag-stock", m => m["rows"]![0]!["xh"] = new string('A', 33));

        Assert.Equal(("$.rows[0].xh", "SCHEMA_LENGTH"), Single(DjetTagStockMapping.ToCanonical(json)));
    }
}
