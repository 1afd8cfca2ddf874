using System.Collections.Frozen;
using EarTagTrace.Hub.Features.Tags;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Facts = EarTagTrace.Hub.Features.Tags.ApplyDjetTagIssuance.Facts;

namespace EarTagTrace.Hub.Tests.Features.Tags;

/// <summary>一次/二次发放's rules as a decision on facts, without a database: each reason code at its edge.</summary>
public sealed class Deciding_an_issuance
{
    private const string County = "220122", Township = "220122100", OtherCounty = "220182", OtherTownship = "220182100", Farm = "FR220122000123";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private const long First = 122012200001000;

    private static readonly RegionLookup Regions = new(new Dictionary<string, Region[]>
    {
        [County] = [Region(County, RegionLevel.County, "2201")],
        [Township] = [Region(Township, RegionLevel.Township, County)],
        [OtherCounty] = [Region(OtherCounty, RegionLevel.County, "2201")],
        [OtherTownship] = [Region(OtherTownship, RegionLevel.Township, OtherCounty)],
    }.ToFrozenDictionary());

    private static Region Region(string code, RegionLevel level, string parent) =>
        new() { Code = code, Name = code, Level = level, ParentCode = parent, ValidFrom = new DateOnly(2020, 1, 1) };

    private static HoldingRow Holding(long id, long first, long last, HolderType type = HolderType.County, string holder = County) =>
        new(id, new TagRange(first, last), type, holder, County, Species.Pig, "box", "pack", 7);

    private static CanonicalIssuance First100(params TagRange[] ranges) => new("FF-1", IssuanceKind.First, County, Township, HolderType.Township,
        ranges.Length == 0 ? [new TagRange(First, First + 99)] : ranges, At);

    private static Facts Facts(params HoldingRow[] holdings) => new(Regions, false, null, holdings);

    [Fact]
    public void Should_split_the_issuer_holding_into_the_part_given_and_the_parts_kept()
    {
        var decision = ApplyDjetTagIssuance.Decide(Facts(Holding(1, First - 10, First + 199)), First100(), At);

        Assert.True(decision.IsAccepted);
        Assert.Equal([1L], decision.Rows!.Split);
        Assert.Equal(
            [(new TagRange(First, First + 99), Township), (new TagRange(First - 10, First - 1), County), (new TagRange(First + 100, First + 199), County)],
            decision.Rows.Pieces.Select(p => (p.Range, p.HolderCode)));
        Assert.Equal(County, Assert.Single(decision.Announcements).RegionCode);
    }

    [Fact]
    public void Should_accept_a_range_held_exactly()
    {
        Assert.True(ApplyDjetTagIssuance.Decide(Facts(Holding(1, First, First + 99)), First100(), At).IsAccepted);
    }

    [Fact]
    public void Should_refuse_a_range_one_tag_beyond_the_holding_and_name_that_tag()
    {
        var decision = ApplyDjetTagIssuance.Decide(Facts(Holding(1, First, First + 98)), First100(), At);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(TagCodes.RangeNotHeldByIssuer, reason.Code);
        Assert.Equal([new TagRange(First + 99, First + 99).ToString()], reason.Tags);
        Assert.Equal("$.hd", DjetTagIssuanceMapping.PartnerPath(reason.Path));
    }

    [Fact]
    public void Should_refuse_tags_held_by_a_township_and_say_who_holds_them()
    {
        var decision = ApplyDjetTagIssuance.Decide(Facts(Holding(1, First, First + 99, HolderType.Township, Township)), First100(), At);

        Assert.Contains("township 220122100", Assert.Single(decision.Reasons).Detail);
    }

    [Fact]
    public void Should_refuse_tags_of_another_county()
    {
        var other = 122018200001000;
        var decision = ApplyDjetTagIssuance.Decide(Facts(), First100(new TagRange(other, other + 9)), At);

        Assert.Equal([TagCodes.RangeNotHeldByIssuer], decision.Reasons.Select(r => r.Code));
    }

    public static TheoryData<string, CanonicalIssuance, Facts, string, string> PartyEdges => new()
    {
        { "issuer not a county", First100() with { IssuerCode = Township }, Facts(), TagCodes.IssuerUnknown, "$.ffdw" },
        { "receiver not a township", First100() with { ReceiverCode = "220122999" }, Facts(), TagCodes.ReceiverUnknown, "$.jsdw" },
        { "township of another county", First100() with { ReceiverCode = OtherTownship }, Facts(), TagCodes.ReceiverNotInCounty, "$.jsdw" },
        { "second issuance by a county", Second() with { IssuerCode = County }, new Facts(Regions, true, Township, []), TagCodes.IssuerUnknown, "$.ffdw" },
        { "farm not in the registry", Second(), new Facts(Regions, false, null, []), TagCodes.ReceiverUnknown, "$.jsdw" },
        { "farm of another township", Second(), new Facts(Regions, true, OtherTownship, []), TagCodes.ReceiverNotInTownship, "$.jsdw" },
    };

    private static CanonicalIssuance Second() =>
        new("FF-2", IssuanceKind.Second, Township, Farm, HolderType.Farm, [new TagRange(First, First + 9)], At);

    [Theory]
    [MemberData(nameof(PartyEdges))]
    public void Should_refuse_parties_the_plan_does_not_allow(string edge, CanonicalIssuance issuance, Facts facts, string code, string partnerPath)
    {
        var decision = ApplyDjetTagIssuance.Decide(facts, issuance, At);

        // A wrong issuer also makes its receiver wrong for it: both are answered, and the one at this edge is among them.
        var reason = Assert.Single(decision.Reasons, r => r.Code == code);
        Assert.Equal(partnerPath, DjetTagIssuanceMapping.PartnerPath(reason.Path));
        Assert.False(decision.IsAccepted, edge);
    }

    [Fact]
    public void Should_accept_a_second_issuance_to_a_farm_of_the_township()
    {
        var facts = new Facts(Regions, true, Township, [Holding(1, First, First + 9, HolderType.Township, Township)]);

        Assert.True(ApplyDjetTagIssuance.Decide(facts, Second(), At).IsAccepted);
    }
}
