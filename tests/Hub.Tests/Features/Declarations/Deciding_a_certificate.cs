using EarTagTrace.Hub.Features.Declarations;
using EarTagTrace.Hub.Ledger;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using DeclarationFacts = EarTagTrace.Hub.Features.Declarations.ApplyDjetCertificate.DeclarationFacts;
using Facts = EarTagTrace.Hub.Features.Declarations.ApplyDjetCertificate.Facts;
using FarmFacts = EarTagTrace.Hub.Features.Declarations.ApplyDjetCertificate.FarmFacts;

namespace EarTagTrace.Hub.Tests.Features.Declarations;

/// <summary>检疫出证's rules as a decision on facts, without a database: each reason code at its edge.</summary>
public sealed class Deciding_a_certificate
{
    private const string Farm = "FR220122000123", County = "220122";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly long[] Tags = [122012200001000, 122012200001001];

    private static DeclarationFacts Declaration() => new("SB-1", Farm, Species.Pig, null, County, [new TagRange(Tags[0], Tags[1])]);

    private static FarmFacts GoodFarm(int stock = 10) => new("张家养殖场", "13800000000", "农安县某村", FarmStatus.Active, 1, stock);

    private static Facts Facts(DeclarationFacts? declaration = null, FarmFacts? farm = null, params TagStanding[] standing) =>
        new(declaration ?? Declaration(), farm ?? GoodFarm(), standing.ToDictionary(s => s.Tag));

    private static CanonicalCertificate Certificate(CertificateType type = CertificateType.B, string destination = "220100", int validDays = 1,
        string plate = "吉A12345", int head = 2) => new(
        "ZM-1", type, "SB-1", Farm, Species.Pig, head, Tags.Select(TagNumber.Format).ToList(), new Place("220122100", "农安县某村"),
        new Place(destination, "长春屠宰场"), "李四", plate, "王兽医", At, validDays);

    private static IEnumerable<string> Codes(Decision<ApplyDjetCertificate.Rows> d) => d.Reasons.Select(r => r.Code);

    [Fact]
    public void Should_accept_and_lower_the_stock_and_announce_it_to_the_national_platform_in_the_farm_county()
    {
        var decision = ApplyDjetCertificate.Decide(Facts(), Certificate(), At);

        Assert.True(decision.IsAccepted);
        Assert.Equal(8, decision.Rows!.StockAfter);
        var item = Assert.Single(decision.Announcements);
        Assert.Equal("certificate:ZM-1", item.EntityKey);
        Assert.Equal(County, item.RegionCode);
    }

    /// <summary>
    /// The plan: 没有基础信息录入更新的猪、牛、羊养殖场户，不能进行申报检疫和检疫出证 — a farm without complete registry data
    /// may neither declare nor be certified. A farm that became incomplete or closed after its declaration is refused
    /// at the certificate with its own code.
    /// </summary>
    [Theory]
    [InlineData("phone gone", null, FarmStatus.Active, 1)]
    [InlineData("species and stock gone", "13800000000", FarmStatus.Active, 0)]
    [InlineData("closed", "13800000000", FarmStatus.Closed, 1)]
    public void Should_refuse_a_farm_that_became_incomplete_or_closed_since_its_declaration(string edge, string? phone, FarmStatus status, int speciesKept)
    {
        var farm = GoodFarm() with { Phone = phone, Status = status, SpeciesKept = speciesKept };

        var decision = ApplyDjetCertificate.Decide(Facts(farm: farm), Certificate(), At);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(DeclarationCodes.FarmNoLongerCertifiable, reason.Code);
        Assert.Equal("$.yzcbm", DjetCertificateMapping.PartnerPath(reason.Path));
        Assert.False(decision.IsAccepted, edge);
    }

    [Fact]
    public void Should_refuse_a_certificate_on_no_accepted_declaration_with_that_reason_alone()
    {
        var decision = ApplyDjetCertificate.Decide(new Facts(null, null, new Dictionary<long, TagStanding>()), Certificate(), At);

        Assert.Equal([DeclarationCodes.DeclarationUnknown], Codes(decision));
        Assert.Equal("$.sbdh", DjetCertificateMapping.PartnerPath(decision.Reasons[0].Path));
    }

    public static TheoryData<string, Func<Facts>, Func<CanonicalCertificate>, string> Edges => new()
    {
        { "declaration certified before", () => Facts(Declaration() with { CertificateNumber = "ZM-0" }), () => Certificate(), DeclarationCodes.DeclarationAlreadyCertified },
        { "another farm's declaration", () => Facts(Declaration() with { FarmCode = "FR220122000999" }), () => Certificate(), DeclarationCodes.DeclarationMismatch },
        { "a cattle declaration", () => Facts(Declaration() with { Species = Species.Cattle }), () => Certificate(), DeclarationCodes.DeclarationMismatch },
        { "three heads for two tags", () => Facts(), () => Certificate(head: 3), DeclarationCodes.CountMismatch },
        { "a tag outside the declaration", () => Facts(Declaration() with { Declared = [new TagRange(Tags[0], Tags[0])] }), () => Certificate(), DeclarationCodes.TagsNotInDeclaration },
        { "type A inside the province", () => Facts(), () => Certificate(CertificateType.A), DeclarationCodes.CertificateTypeWrong },
        { "type B leaving the province", () => Facts(), () => Certificate(destination: "110101"), DeclarationCodes.CertificateTypeWrong },
        { "type B valid two days", () => Facts(), () => Certificate(validDays: 2), DeclarationCodes.ValidityTooLong },
        { "type A valid six days", () => Facts(), () => Certificate(CertificateType.A, "110101", 6), DeclarationCodes.ValidityTooLong },
        { "two plates", () => Facts(), () => Certificate(plate: "吉A12345,吉A54321"), DeclarationCodes.PlateInvalid },
        { "a tag used", () => Facts(null, null, new TagStanding(Tags[1], null, null, null, null, "ZM-0", null)), () => Certificate(), DeclarationCodes.TagAlreadyUsed },
        { "a tag cancelled", () => Facts(null, null, new TagStanding(Tags[1], null, null, null, null, null, "ZX-0")), () => Certificate(), DeclarationCodes.TagCancelled },
        { "stock one below the head count", () => Facts(farm: GoodFarm(stock: 1)), () => Certificate(), DeclarationCodes.StockInsufficient },
        { "no stock of the species", () => Facts(farm: GoodFarm() with { Stock = null }), () => Certificate(), DeclarationCodes.StockInsufficient },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Should_refuse_at_each_edge_with_its_code(string edge, Func<Facts> facts, Func<CanonicalCertificate> certificate, string code)
    {
        var decision = ApplyDjetCertificate.Decide(facts(), certificate(), At);

        Assert.False(decision.IsAccepted, edge);
        Assert.Equal([code], Codes(decision));
    }

    public static TheoryData<string, Func<Facts>, Func<CanonicalCertificate>> AcceptedEdges => new()
    {
        { "stock equal to the head count", () => Facts(farm: GoodFarm(stock: 2)), () => Certificate() },
        { "type A leaving the province, five days", () => Facts(), () => Certificate(CertificateType.A, "110101", 5) },
        { "a new-energy plate", () => Facts(), () => Certificate(plate: "吉AD12345") },
    };

    [Theory]
    [MemberData(nameof(AcceptedEdges))]
    public void Should_accept_on_the_other_side_of_each_edge(string edge, Func<Facts> facts, Func<CanonicalCertificate> certificate)
    {
        Assert.True(ApplyDjetCertificate.Decide(facts(), certificate(), At).IsAccepted, edge);
    }
}
