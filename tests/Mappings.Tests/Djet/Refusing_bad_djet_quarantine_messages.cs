using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Djet;
using static EarTagTrace.Mappings.Tests.Djet.DjetExamples;

namespace EarTagTrace.Mappings.Tests.Djet;

/// <summary>The shape of declarations, certificates and stock changes is the schema's; impossible times are the mapping's.</summary>
public class Refusing_bad_djet_quarantine_messages
{
    [Theory]
    [InlineData("yt", "出售")]
    [InlineData("xmdm", "4")]
    public void Should_refuse_an_unknown_code_of_a_declaration_by_the_schema(string field, string value) =>
        Assert.Equal(($"$.{field}", "SCHEMA_ENUM"), Single(DjetDeclarationMapping.ToCanonical(Edit("declaration", m => m[field] = value))));

    [Theory]
    [InlineData(0, "SCHEMA_RANGE")]
    [InlineData(1.5, "SCHEMA_TYPE")]
    public void Should_refuse_a_head_count_that_is_not_a_positive_integer(double sl, string code) =>
        Assert.Equal(("$.sl", code), Single(DjetDeclarationMapping.ToCanonical(Edit("declaration", m => m["sl"] = sl))));

    [Theory]
    [InlineData("22012")]
    [InlineData("2201221")]
    [InlineData("2201221000011")]
    public void Should_refuse_a_destination_that_is_no_region_code(string xzqhdm) =>
        Assert.Equal(("$.ddd.xzqhdm", "SCHEMA_PATTERN"),
            Single(DjetDeclarationMapping.ToCanonical(Edit("declaration", m => m["ddd"]!["xzqhdm"] = xzqhdm))));

    [Fact]
    public void Should_refuse_an_impossible_declaration_time() =>
        Assert.Equal(("$.sbsj", "TIME_INVALID"),
            Single(DjetDeclarationMapping.ToCanonical(Edit("declaration", m => m["sbsj"] = "2026-02-29 07:30:00"))));

    [Fact]
    public void Should_name_every_missing_field_of_a_declaration()
    {
        var json = Edit("declaration", m =>
        {
            m.Remove("ewm");
            m.Remove("ebh");
            m.Remove("ddd");
        });

        Assert.Equal(
            new HashSet<(string, string)> { ("$.ewm", "SCHEMA_REQUIRED"), ("$.ebh", "SCHEMA_REQUIRED"), ("$.ddd", "SCHEMA_REQUIRED") },
            Refused(DjetDeclarationMapping.ToCanonical(json)).ToHashSet());
    }

    [Fact]
    public void Should_refuse_more_than_1000_declared_tags() =>
        Assert.Equal(("$.ebh", "SCHEMA_ITEMS"), Single(DjetDeclarationMapping.ToCanonical(Edit("declaration",
            m => m["ebh"] = new JsonArray(Enumerable.Range(0, 1001).Select(i => (JsonNode?)$"1220122{i:D8}").ToArray())))));

    [Theory]
    [InlineData("C")]
    [InlineData("a")]
    public void Should_refuse_an_unknown_certificate_type_by_the_schema(string zmlx) =>
        Assert.Equal(("$.zmlx", "SCHEMA_ENUM"), Single(DjetCertificateMapping.ToCanonical(Edit("certificate", m => m["zmlx"] = zmlx))));

    [Fact]
    public void Should_refuse_more_than_one_plate() =>
        Assert.Equal(("$.cph", "SCHEMA_TYPE"),
            Single(DjetCertificateMapping.ToCanonical(Edit("certificate", m => m["cph"] = new JsonArray("吉A12345", "吉A54321")))));

    [Theory]
    [InlineData("cph")]
    [InlineData("gfsy")]
    [InlineData("qydd")]
    [InlineData("yxts")]
    public void Should_refuse_a_certificate_missing_a_required_field(string field) =>
        Assert.Equal(($"$.{field}", "SCHEMA_REQUIRED"), Single(DjetCertificateMapping.ToCanonical(Edit("certificate", m => m.Remove(field)))));

    [Fact]
    public void Should_refuse_a_certificate_valid_for_no_day() =>
        Assert.Equal(("$.yxts", "SCHEMA_RANGE"), Single(DjetCertificateMapping.ToCanonical(Edit("certificate", m => m["yxts"] = 0))));

    [Fact]
    public void Should_refuse_an_impossible_issue_time() =>
        Assert.Equal(("$.qfsj", "TIME_INVALID"),
            Single(DjetCertificateMapping.ToCanonical(Edit("certificate", m => m["qfsj"] = "2026-09-31 10:00:00"))));

    [Theory]
    [InlineData("转出")]
    [InlineData("birth")]
    public void Should_refuse_an_unknown_stock_change_kind_by_the_schema(string bdlx) =>
        Assert.Equal(("$.bdlx", "SCHEMA_ENUM"), Single(DjetStockChangeMapping.ToCanonical(Edit("stock-change", m => m["bdlx"] = bdlx))));

    [Fact]
    public void Should_refuse_an_impossible_stock_change_time_together_with_a_bad_count()
    {
        var json = Edit("stock-change", m =>
        {
            m["bdsj"] = "2026-11-31 06:00:00";
            m["sl"] = -3;
        });

        Assert.Equal([("$.sl", "SCHEMA_RANGE"), ("$.bdsj", "TIME_INVALID")], Refused(DjetStockChangeMapping.ToCanonical(json)));
    }
}
