using EarTagTrace.Hub.Features.Declarations;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using Facts = EarTagTrace.Hub.Features.Declarations.ApplyDjetDeclaration.Facts;
using FarmFacts = EarTagTrace.Hub.Features.Declarations.ApplyDjetDeclaration.FarmFacts;

namespace EarTagTrace.Hub.Tests.Features.Declarations;

/// <summary>
/// 检疫申报's rules as a decision on facts, without a database: each reason code at its edge, one step on either side,
/// and every reason of a message answered at once.
/// </summary>
public sealed class Deciding_a_declaration
{
    private const string Farm = "FR220122000123", Township = "220122100", County = "220122";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly long[] Tags = [122012200001000, 122012200001001];

    private static FarmFacts GoodFarm() => new(Farm, "张家养殖场", "13800000000", "农安县某村", FarmStatus.Active, "qr-token", County, Township,
        SpeciesKept: 1, Stock: 2, CountyEnabled: true);

    /// <summary>Each tag first-issued to the farm's township and held by the farm itself.</summary>
    private static Dictionary<long, TagStanding> InTownship(params long[] tags) =>
        tags.ToDictionary(t => t, t => new TagStanding(t, HolderType.Farm, Farm, Township, null, null, null));

    private static CanonicalDeclaration Message(int head = 2, params long[] tags) => new(
        "SB-1", Farm, "qr-token", Species.Pig, head, new Place("220100", "长春屠宰场"), MovementPurpose.Slaughter,
        (tags.Length == 0 ? Tags : tags).Select(TagNumber.Format).ToList(), At);

    private static Decision<ApplyDjetDeclaration.Rows> Decide(Facts facts, CanonicalDeclaration message) =>
        ApplyDjetDeclaration.Decide(facts, message, At);

    [Fact]
    public void Should_accept_a_complete_farm_declaring_its_own_tags_and_write_them_as_one_range()
    {
        var decision = Decide(new Facts(GoodFarm(), InTownship(Tags)), Message());

        Assert.True(decision.IsAccepted);
        Assert.Equal([new TagRange(Tags[0], Tags[1])], decision.Rows!.Tags);
        Assert.Equal(County, decision.Rows.Declaration.CountyCode);
        Assert.Contains(("declaration", "SB-1"), decision.Links);
    }

    public static TheoryData<string, Func<FarmFacts, FarmFacts>, string, string> FarmEdges => new()
    {
        { "no name", f => f with { Name = " " }, DeclarationCodes.FarmIncomplete, "$.yzcbm" },
        { "no phone", f => f with { Phone = null }, DeclarationCodes.FarmIncomplete, "$.yzcbm" },
        { "no address", f => f with { Address = "" }, DeclarationCodes.FarmIncomplete, "$.yzcbm" },
        { "no species kept", f => f with { SpeciesKept = 0 }, DeclarationCodes.FarmIncomplete, "$.yzcbm" },
        { "closed", f => f with { Status = FarmStatus.Closed }, DeclarationCodes.FarmClosed, "$.yzcbm" },
        { "rotated QR token", f => f with { QrToken = "qr-token-2" }, DeclarationCodes.QrMismatch, "$.ewm" },
        { "no QR token", f => f with { QrToken = null }, DeclarationCodes.QrMismatch, "$.ewm" },
        { "county not switched on", f => f with { CountyEnabled = false }, DeclarationCodes.CountyNotEnabled, "$.yzcbm" },
        { "keeps no pigs", f => f with { Stock = null }, DeclarationCodes.SpeciesNotKept, "$.xmdm" },
        { "stock one below the head count", f => f with { Stock = 1 }, DeclarationCodes.ExceedsStock, "$.sl" },
    };

    [Theory]
    [MemberData(nameof(FarmEdges))]
    public void Should_refuse_a_farm_that_may_not_declare(string edge, Func<FarmFacts, FarmFacts> change, string code, string partnerPath)
    {
        var decision = Decide(new Facts(change(GoodFarm()), InTownship(Tags)), Message());

        Assert.False(decision.IsAccepted, edge);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(code, reason.Code);
        // Rules speak canonical names; the mapping gives the partner's path back.
        Assert.Equal(partnerPath, DjetDeclarationMapping.PartnerPath(reason.Path));
    }

    [Fact]
    public void Should_accept_a_head_count_equal_to_the_stock()
    {
        Assert.True(Decide(new Facts(GoodFarm() with { Stock = 2 }, InTownship(Tags)), Message()).IsAccepted);
    }

    [Fact]
    public void Should_refuse_an_unknown_farm_and_say_nothing_of_its_tags()
    {
        var decision = Decide(new Facts(null, InTownship(Tags)), Message());

        Assert.Equal([DeclarationCodes.FarmUnknown], decision.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void Should_refuse_a_tag_count_other_than_the_head_count()
    {
        var decision = Decide(new Facts(GoodFarm() with { Stock = 3 }, InTownship(Tags)), Message(head: 3));

        Assert.Equal([DeclarationCodes.CountMismatch], decision.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void Should_refuse_a_tag_named_twice_and_name_it()
    {
        var decision = Decide(new Facts(GoodFarm(), InTownship(Tags[0])), Message(2, Tags[0], Tags[0]));

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(DeclarationCodes.DuplicateTags, reason.Code);
        Assert.Equal([TagNumber.Format(Tags[0])], reason.Tags);
    }

    [Theory]
    [InlineData("12201220000100")]   // 14 digits
    [InlineData("222012200001000")]  // a cattle tag on a pig declaration
    public void Should_refuse_a_tag_that_is_not_a_tag_of_the_species(string tag)
    {
        var message = Message() with { Tags = [TagNumber.Format(Tags[0]), tag] };
        var decision = Decide(new Facts(GoodFarm(), InTownship(Tags[0])), message);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(DeclarationCodes.TagMalformed, reason.Code);
        Assert.Equal([tag], reason.Tags);
        Assert.Equal("$.ebh", DjetDeclarationMapping.PartnerPath(reason.Path));
    }

    public static TheoryData<string, TagStanding, string> StandingEdges => new()
    {
        { "in another township's stock", new TagStanding(Tags[1], HolderType.Township, "220122101", "220122101", null, null, null), DeclarationCodes.TagNotInTownshipStock },
        { "in nobody's stock", new TagStanding(Tags[1], null, null, null, null, null, null), DeclarationCodes.TagNotInTownshipStock },
        { "held by another farm", new TagStanding(Tags[1], HolderType.Farm, "FR220122000999", Township, null, null, null), DeclarationCodes.TagIssuedToOtherFarm },
        { "declared before", new TagStanding(Tags[1], HolderType.Farm, Farm, Township, "SB-0", null, null), DeclarationCodes.TagAlreadyUsed },
        { "used on a certificate", new TagStanding(Tags[1], HolderType.Farm, Farm, Township, null, "ZM-0", null), DeclarationCodes.TagAlreadyUsed },
        { "cancelled", new TagStanding(Tags[1], null, null, Township, null, null, "ZX-0"), DeclarationCodes.TagCancelled },
    };

    [Theory]
    [MemberData(nameof(StandingEdges))]
    public void Should_refuse_a_tag_that_does_not_stand_for_this_farm_and_name_only_it(string edge, TagStanding second, string code)
    {
        var standing = InTownship(Tags[0]);
        standing[second.Tag] = second;

        var decision = Decide(new Facts(GoodFarm(), standing), Message());

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(code, reason.Code);
        Assert.Equal([TagNumber.Format(Tags[1])], reason.Tags);
        Assert.False(decision.IsAccepted, edge);
    }

    [Fact]
    public void Should_accept_a_tag_the_township_holds_that_was_never_issued_to_a_farm()
    {
        var standing = Tags.ToDictionary(t => t, t => new TagStanding(t, HolderType.Township, Township, Township, null, null, null));

        Assert.True(Decide(new Facts(GoodFarm(), standing), Message()).IsAccepted);
    }

    [Fact]
    public void Should_answer_every_reason_at_once()
    {
        var standing = InTownship(Tags[0]);
        standing[Tags[1]] = new TagStanding(Tags[1], null, null, null, null, null, "ZX-0");
        var farm = GoodFarm() with { Phone = null, Status = FarmStatus.Closed, QrToken = "other", CountyEnabled = false, Stock = 1 };

        var decision = Decide(new Facts(farm, standing), Message());

        Assert.Equal(
            [DeclarationCodes.FarmIncomplete, DeclarationCodes.FarmClosed, DeclarationCodes.QrMismatch, DeclarationCodes.CountyNotEnabled,
             DeclarationCodes.ExceedsStock, DeclarationCodes.TagCancelled],
            decision.Reasons.Select(r => r.Code));
    }
}
