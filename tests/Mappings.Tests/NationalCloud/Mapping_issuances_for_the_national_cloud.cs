using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests.NationalCloud;

public class Mapping_issuances_for_the_national_cloud
{
    // The cattle range comes first as sent; the item lists segments in ascending tag order.
    private const string Golden = """
        {
          "id": "FF2026030500017", "kind": "first", "issuerCode": "220122", "receiverCode": "220122100", "receiverType": "township",
          "ranges": [ { "first": 222012200000201, "last": 222012200000210 }, { "first": 122012200001001, "last": 122012200001050 } ],
          "issuedAt": "2026-03-05T06:20:00Z"
        }
        """;

    private static CanonicalIssuance Issuance => NationalItems.Canonical<CanonicalIssuance>(Golden);

    [Fact]
    public void Should_map_the_golden_issuance_to_the_contract_example()
    {
        NationalItems.EqualsExample(Contracts.NationalIssuanceItem, NationalIssuanceMapping.FromCanonical(Issuance));
    }

    [Theory]
    [InlineData(HolderType.Farm, "YZC")]
    [InlineData(HolderType.Worker, "FYY")]
    public void Should_name_the_receivers_of_a_second_issuance(HolderType receiver, string expected)
    {
        var result = NationalIssuanceMapping.FromCanonical(Issuance with { Kind = IssuanceKind.Second, ReceiverCode = "FR220122000123", ReceiverType = receiver });

        Assert.True(result.IsValid);
        Assert.Equal(("2", expected), (result.Value!.IssuanceType, result.Value.ReceiverType));
    }

    [Fact]
    public void Should_keep_adjacent_ranges_as_issued_and_count_them_all()
    {
        var result = NationalIssuanceMapping.FromCanonical(Issuance with
        {
            Ranges = [new TagRange(122012200000011, 122012200000020), new TagRange(122012200000001, 122012200000010)],
        });

        Assert.True(result.IsValid);
        Assert.Equal(["122012200000001", "122012200000011"], result.Value!.Segments.Select(s => s.StartTag));
        Assert.Equal(20, result.Value.Quantity);
    }

    [Fact]
    public void Should_refuse_a_county_as_receiver()
    {
        Assert.Equal(("$.receiverType", TagCodes.ReceiverTypeInvalid),
            NationalItems.Only(NationalIssuanceMapping.FromCanonical(Issuance with { ReceiverType = HolderType.County })));
    }

    [Fact]
    public void Should_refuse_overlapping_and_malformed_ranges()
    {
        Assert.Equal(("$.ranges", TagCodes.RangeOverlapsInMessage), NationalItems.Only(NationalIssuanceMapping.FromCanonical(Issuance with
        {
            Ranges = [new TagRange(122012200000001, 122012200000010), new TagRange(122012200000010, 122012200000020)],
        })));
        Assert.Equal(("$.ranges[1]", TagCodes.RangeInvalid), NationalItems.Only(NationalIssuanceMapping.FromCanonical(Issuance with
        {
            Ranges = [new TagRange(122012200000001, 122012200000010), new TagRange(122012200000030, 122012200000020)],
        })));
    }

    [Fact]
    public void Should_refuse_an_issuance_without_ranges_through_the_contract()
    {
        var result = NationalIssuanceMapping.FromCanonical(Issuance with { Ranges = [] });

        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v is { Path: "$.segments", Code: ViolationCodes.SchemaItems });
    }
}
