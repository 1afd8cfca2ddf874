using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests.NationalCloud;

public class Mapping_cancellations_for_the_national_cloud
{
    // Tags 1001, 1002, 1003 and 1005, out of order: two segments, 1001–1003 and 1005.
    private const string Golden = """
        {
          "id": "ZX2026041100003", "tags": [ 122012200001005, 122012200001001, 122012200001003, 122012200001002 ],
          "reason": "slaughter", "cancelledAt": "2026-04-11T08:45:30Z"
        }
        """;

    private static CanonicalCancellation Cancellation => NationalItems.Canonical<CanonicalCancellation>(Golden);

    [Fact]
    public void Should_merge_the_golden_tags_into_the_ranges_of_the_contract_example()
    {
        NationalItems.EqualsExample(Contracts.NationalCancellationItem, NationalCancellationMapping.FromCanonical(Cancellation));
    }

    [Theory]
    [InlineData(CancellationReason.Death, "DEATH")]
    [InlineData(CancellationReason.Slaughter, "SLAUGHTER")]
    [InlineData(CancellationReason.Lost, "LOST")]
    [InlineData(CancellationReason.Damaged, "DAMAGED")]
    public void Should_name_every_reason(CancellationReason reason, string expected)
    {
        Assert.Equal(expected, NationalCancellationMapping.FromCanonical(Cancellation with { Reason = reason }).Value!.Reason);
    }

    [Fact]
    public void Should_count_a_repeated_tag_once()
    {
        var result = NationalCancellationMapping.FromCanonical(Cancellation with { Tags = [122012200000007, 122012200000007] });

        var segment = Assert.Single(result.Value!.Segments);
        Assert.Equal(("122012200000007", "122012200000007", 1L), (segment.StartTag, segment.EndTag, segment.Quantity));
        Assert.Equal(1, result.Value.Quantity);
    }

    [Fact]
    public void Should_never_merge_consecutive_numbers_of_two_counties_or_species()
    {
        // 220122's last serial and 220123's first are consecutive numbers, yet two counties; a cattle tag is never a pig's.
        var result = NationalCancellationMapping.FromCanonical(Cancellation with
        {
            Tags = [122012300000000, 122012299999999, 222012200000001, 122012299999998],
        });

        Assert.True(result.IsValid);
        Assert.Equal(
            [("1", "122012299999998", "122012299999999"), ("1", "122012300000000", "122012300000000"), ("2", "222012200000001", "222012200000001")],
            result.Value!.Segments.Select(s => (s.SpeciesCode, s.StartTag, s.EndTag)));
        Assert.Equal("220122", result.Value.CountyCode);
        Assert.Equal(4, result.Value.Quantity);
    }

    [Fact]
    public void Should_refuse_a_tag_that_is_not_15_digits_with_a_species_digit()
    {
        Assert.Equal(("$.tags[1]", TagCodes.TagMalformed),
            NationalItems.Only(NationalCancellationMapping.FromCanonical(Cancellation with { Tags = [122012200000001, 422012200000001] })));
    }

    [Fact]
    public void Should_refuse_a_cancellation_without_tags_through_the_contract()
    {
        var result = NationalCancellationMapping.FromCanonical(Cancellation with { Tags = [] });

        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v is { Path: "$.segments", Code: ViolationCodes.SchemaItems });
    }
}
