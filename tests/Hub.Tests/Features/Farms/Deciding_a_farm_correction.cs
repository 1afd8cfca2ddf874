using EarTagTrace.Hub.Features.Farms;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using FarmFacts = EarTagTrace.Hub.Features.Farms.ApplyDjetFarmCorrection.FarmFacts;

namespace EarTagTrace.Hub.Tests.Features.Farms;

/// <summary>现场纠正's rules as a decision on facts, without a database: newest wins, each reason code at its edge.</summary>
public sealed class Deciding_a_farm_correction
{
    private const string Farm = "FR220122000123";
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Held = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private static FarmFacts Facts() => new(Farm, "220122100", Held, "张伟", "+8613812345678", "农安镇新农村3组", 125.184m, 44.432m,
        [new SpeciesStock(Species.Pig, 120)]);

    private static CanonicalFarmCorrection Correction(DateTimeOffset at, string? phone = "+8613912345678", IReadOnlyList<SpeciesStock>? stock = null) =>
        new() { Id = "JZ-1", FarmCode = Farm, CorrectedAt = at, Vet = "王兽医", Phone = phone, Stock = stock };

    public static TheoryData<string, TimeSpan, string?> Times => new()
    {
        { "one second older than the farm data", TimeSpan.FromSeconds(-1), ApplyDjetFarmCorrection.Outdated },
        { "as old as the farm data", TimeSpan.Zero, ApplyDjetFarmCorrection.Outdated },
        { "one second newer", TimeSpan.FromSeconds(1), null },
        { "at the edge of the clock skew", Now - Held + ApplyDjetFarmCorrection.MaxSkew, null },
        { "beyond the clock skew", Now - Held + ApplyDjetFarmCorrection.MaxSkew + TimeSpan.FromSeconds(1), ApplyDjetFarmCorrection.InFuture },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Should_let_the_newest_win_against_the_farm_data_the_hub_holds(string edge, TimeSpan afterHeld, string? refusal)
    {
        var decision = ApplyDjetFarmCorrection.Decide(Facts(), Correction(Held + afterHeld), Now);

        Assert.True(decision.IsAccepted == (refusal is null), edge);
        Assert.Equal(refusal is null ? Array.Empty<string>() : new[] { refusal }, decision.Reasons.Select(r => r.Code));
        if (refusal is not null)
        {
            Assert.Equal("$.jzsj", DjetFarmCorrectionMapping.PartnerPath(decision.Reasons[0].Path));
            Assert.Empty(decision.Announcements);
        }
    }

    [Fact]
    public void Should_refuse_a_farm_the_registry_never_sent_at_its_code()
    {
        var decision = ApplyDjetFarmCorrection.Decide(null, Correction(Now), Now);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(ApplyDjetFarmCorrection.FarmUnknown, reason.Code);
        Assert.Equal("$.yzcbm", DjetFarmCorrectionMapping.PartnerPath(reason.Path));
    }

    [Fact]
    public void Should_forward_a_newer_correction_to_the_registry_in_the_farm_region()
    {
        var decision = ApplyDjetFarmCorrection.Decide(Facts(), Correction(Now, stock: [new SpeciesStock(Species.Pig, 95)]), Now);

        Assert.Equal(["lxdh", "yzzl"], decision.Rows!.Changed);
        var item = Assert.Single(decision.Announcements);
        Assert.Equal((Destinations.FarmRegistryCorrections, "correction:JZ-1", "220122100"), (item.Destination, item.EntityKey, item.RegionCode));
    }

    [Fact]
    public void Should_accept_but_not_forward_a_correction_that_changes_nothing()
    {
        var decision = ApplyDjetFarmCorrection.Decide(Facts(), Correction(Now, phone: "+8613812345678", stock: [new SpeciesStock(Species.Pig, 120)]), Now);

        Assert.True(decision.IsAccepted);
        Assert.Empty(decision.Rows!.Changed);
        Assert.Empty(decision.Announcements);
    }
}
