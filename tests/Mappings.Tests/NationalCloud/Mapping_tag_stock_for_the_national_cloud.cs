using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests.NationalCloud;

public class Mapping_tag_stock_for_the_national_cloud
{
    private const string Golden = """
        {
          "id": 1024, "registrarCode": "220122", "countyCode": "220122", "species": "pig", "box": "X2026-0012", "pack": "03",
          "range": { "first": 122012200001001, "last": 122012200001100 }, "count": 100, "registeredAt": "2026-03-02T02:15:00Z"
        }
        """;

    private static CanonicalStockRegistration Stock => NationalItems.Canonical<CanonicalStockRegistration>(Golden);

    [Fact]
    public void Should_map_the_golden_registration_to_the_contract_example()
    {
        NationalItems.EqualsExample(Contracts.NationalStockItem, NationalStockMapping.FromCanonical(Stock));
    }

    [Fact]
    public void Should_send_a_range_without_box_and_pack_with_nulls()
    {
        var result = NationalStockMapping.FromCanonical(Stock with { Box = null, Pack = null });

        Assert.True(result.IsValid);
        Assert.Null(result.Value!.BoxNo);
        Assert.Null(result.Value.PackNo);
    }

    [Fact]
    public void Should_refuse_a_count_that_is_not_the_size_of_the_range()
    {
        Assert.Equal(("$.count", TagCodes.CountMismatch), NationalItems.Only(NationalStockMapping.FromCanonical(Stock with { Count = 99 })));
    }

    [Fact]
    public void Should_refuse_a_species_or_county_the_tags_do_not_carry()
    {
        Assert.Equal(("$.species", TagCodes.TagSpeciesMismatch),
            NationalItems.Only(NationalStockMapping.FromCanonical(Stock with { Species = Species.Cattle })));
        Assert.Equal(("$.countyCode", TagCodes.RangeNotInRegistrarCounty),
            NationalItems.Only(NationalStockMapping.FromCanonical(Stock with { CountyCode = "220183" })));
    }

    [Theory]
    [InlineData(122012200001100, 122012200001001, TagCodes.RangeInvalid)]
    [InlineData(122012299999990, 122012300000009, TagCodes.RangeCrossesCounty)]
    [InlineData(22012200001001, 22012200001100, TagCodes.TagMalformed)]
    public void Should_refuse_a_range_that_is_not_one_county_of_tags_in_order(long first, long last, string code)
    {
        var range = new TagRange(first, last);

        Assert.Equal(("$.range", code), NationalItems.Only(NationalStockMapping.FromCanonical(Stock with { Range = range, Count = range.Count })));
    }

    [Fact]
    public void Should_report_a_registrar_the_contract_refuses_on_the_item()
    {
        Assert.Equal(("$.registrarCode", ViolationCodes.SchemaPattern),
            NationalItems.Only(NationalStockMapping.FromCanonical(Stock with { RegistrarCode = "  " })));
    }
}
