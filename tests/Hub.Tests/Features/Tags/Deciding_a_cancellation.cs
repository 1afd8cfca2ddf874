using EarTagTrace.Hub.Features.Tags;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using Facts = EarTagTrace.Hub.Features.Tags.ApplyDjetTagCancellation.Facts;
using TagFacts = EarTagTrace.Hub.Features.Tags.ApplyDjetTagCancellation.TagFacts;

namespace EarTagTrace.Hub.Tests.Features.Tags;

/// <summary>注销's rules as a decision on facts, without a database: each reason code, and the holding cut around the tags.</summary>
public sealed class Deciding_a_cancellation
{
    private const string County = "220122", Farm = "FR220122000123";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private const long First = 122012200001000;

    private static HoldingRow FarmHolding() => new(5, new TagRange(First, First + 9), HolderType.Farm, Farm, County, Species.Pig, null, null, 7);

    private static CanonicalCancellation Cancel(params long[] tags) => new("ZX-1", tags, CancellationReason.Death, At);

    [Fact]
    public void Should_cut_the_cancelled_tag_out_of_its_holding()
    {
        var decision = ApplyDjetTagCancellation.Decide(new Facts([new TagFacts(First + 4, FarmHolding(), County, null)]), Cancel(First + 4), At);

        Assert.True(decision.IsAccepted);
        Assert.Equal([5L], decision.Rows!.Cut);
        Assert.Equal([new TagRange(First, First + 3), new TagRange(First + 5, First + 9)], decision.Rows.Kept.Select(k => k.Range));
        Assert.Equal(County, Assert.Single(decision.Announcements).RegionCode);
    }

    public static TheoryData<string, TagFacts, string> Edges => new()
    {
        { "cancelled before", new TagFacts(First, null, null, "ZX-0"), TagCodes.TagCancelled },
        { "never registered", new TagFacts(First, null, null, null), TagCodes.TagNeverRegistered },
        { "still with the unit that registered it", new TagFacts(First, FarmHolding() with { HolderType = HolderType.County, HolderCode = County }, County, null), TagCodes.TagNotIssued },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Should_refuse_a_tag_that_cannot_be_cancelled_and_name_it(string edge, TagFacts tag, string code)
    {
        var decision = ApplyDjetTagCancellation.Decide(new Facts([tag, new TagFacts(First + 1, FarmHolding(), County, null)]), Cancel(First, First + 1), At);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(code, reason.Code);
        Assert.Equal([TagNumber.Format(First)], reason.Tags);
        Assert.False(decision.IsAccepted, edge);
    }
}
