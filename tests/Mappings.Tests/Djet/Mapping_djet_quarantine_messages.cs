using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using static EarTagTrace.Mappings.Tests.Djet.DjetExamples;

namespace EarTagTrace.Mappings.Tests.Djet;

/// <summary>动监e通 declarations, certificates and stock changes read into canonical records; the county switch written back.</summary>
public class Mapping_djet_quarantine_messages
{
    [Fact]
    public void Should_map_the_declaration_example_with_its_time_in_utc()
    {
        var result = DjetDeclarationMapping.ToCanonical(Read("declaration"));

        Assert.Empty(result.Violations);
        var declaration = result.Value!;
        // 07:30 China time is 23:30 UTC of the day before.
        Assert.Equal(
            new CanonicalDeclaration("SB2026052000001", "FR220122000123", "YZC-FR220122000123-7f3a9c2e", Species.Pig, 2,
                new Place("220102", "吉林省长春市南关区肉联厂"), MovementPurpose.Slaughter, declaration.Tags,
                Utc(2026, 5, 19, 23, 30)),
            declaration);
        Assert.Equal(["122012200000011", "122012200000012"], declaration.Tags);
    }

    [Fact]
    public void Should_keep_malformed_and_repeated_declared_tags_as_sent_for_the_rules_to_answer()
    {
        var json = Edit("declaration", m => m["ebh"] = new JsonArray("12201220000001", "", "ABC", "122012200000011", "122012200000011"));

        var result = DjetDeclarationMapping.ToCanonical(json);

        Assert.Empty(result.Violations);
        Assert.Equal(["12201220000001", "", "ABC", "122012200000011", "122012200000011"], result.Value!.Tags);
    }

    [Fact]
    public void Should_map_a_declaration_without_tags_and_a_destination_without_address()
    {
        var json = Edit("declaration", m =>
        {
            m["ebh"] = new JsonArray();
            m["ddd"] = new JsonObject { ["xzqhdm"] = "220122100001" };
        });

        var result = DjetDeclarationMapping.ToCanonical(json);

        Assert.Empty(result.Violations);
        Assert.Empty(result.Value!.Tags);
        Assert.Equal(new Place("220122100001", null), result.Value.Destination);
    }

    [Theory]
    [InlineData("屠宰", MovementPurpose.Slaughter)]
    [InlineData("饲养", MovementPurpose.Rearing)]
    [InlineData("种用", MovementPurpose.Breeding)]
    [InlineData("其他", MovementPurpose.Other)]
    public void Should_map_every_purpose(string yt, MovementPurpose expected) =>
        Assert.Equal(expected, DjetDeclarationMapping.ToCanonical(Edit("declaration", m => m["yt"] = yt)).Value!.Purpose);

    [Fact]
    public void Should_map_the_certificate_example()
    {
        var result = DjetCertificateMapping.ToCanonical(Read("certificate"));

        Assert.Empty(result.Violations);
        var certificate = result.Value!;
        Assert.Equal(
            new CanonicalCertificate("2200012026000123", CertificateType.B, "SB2026052000001", "FR220122000123", Species.Pig, 2,
                certificate.Tags, new Place("220122100", "吉林省长春市农安县农安镇宏达路8号"), new Place("220102", "吉林省长春市南关区肉联厂"),
                "张运输", "吉A12345", "李明", Utc(2026, 5, 20, 2, 0), 2),
            certificate);
        Assert.Equal(["122012200000011", "122012200000012"], certificate.Tags);
    }

    [Fact]
    public void Should_map_a_type_a_certificate_without_carrier()
    {
        var json = Edit("certificate", m =>
        {
            m["zmlx"] = "A";
            m.Remove("cyr");
            m["ddd"] = new JsonObject { ["xzqhdm"] = "110105", ["dz"] = null };
        });

        var certificate = DjetCertificateMapping.ToCanonical(json).Value!;

        Assert.Equal((CertificateType.A, null, new Place("110105", null)), (certificate.Type, certificate.Carrier, certificate.Destination));
    }

    [Theory]
    [InlineData("出生", StockChangeKind.Birth, 12)]
    [InlineData("购入", StockChangeKind.Purchase, 12)]
    [InlineData("死亡", StockChangeKind.Death, -12)]
    [InlineData("出栏", StockChangeKind.Sale, -12)]
    public void Should_map_every_stock_change_kind(string bdlx, StockChangeKind kind, int delta)
    {
        var result = DjetStockChangeMapping.ToCanonical(Edit("stock-change", m => m["bdlx"] = bdlx));

        Assert.Empty(result.Violations);
        Assert.Equal(new CanonicalStockChange("BD2026050100001", "FR220122000123", Species.Pig, kind, 12, Utc(2026, 4, 30, 22, 0)),
            result.Value);
        Assert.Equal(delta, result.Value!.Delta);
    }

    [Fact]
    public void Should_write_the_county_switch_exactly_as_the_example()
    {
        var result = DjetCountyFeatureMapping.FromCanonical("220122", true, Utc(2026, 2, 28, 16, 0));

        Assert.Empty(result.Violations);
        Assert.Equal(new DjetCountyFeatureBody("220122", true, "2026-03-01 00:00:00"), result.Value);
        JsonAssert.Equal(Read("county-feature"), JsonSerializer.Serialize(result.Value, PartnerJson.Options));
    }

    [Fact]
    public void Should_write_a_switch_off_in_china_time_whatever_the_offset_given()
    {
        var result = DjetCountyFeatureMapping.FromCanonical("220122", false, new DateTimeOffset(2026, 6, 1, 9, 30, 0, TimeSpan.FromHours(2)));

        Assert.Equal("""{"xzqhdm":"220122","qy":false,"qysj":"2026-06-01 15:30:00"}""",
            JsonSerializer.Serialize(result.Value, PartnerJson.Options));
    }

    [Theory]
    [InlineData("220122100")]
    [InlineData("22012")]
    [InlineData("")]
    public void Should_refuse_to_switch_anything_but_a_county(string code) =>
        Assert.Equal(("$.xzqhdm", "SCHEMA_PATTERN"), Single(DjetCountyFeatureMapping.FromCanonical(code, true, Utc(2026, 3, 1, 0, 0))));

    [Fact]
    public void Should_forbid_fields_in_the_county_switch_that_the_hub_does_not_write()
    {
        var violations = Validation.ContractValidator.Validate(Validation.Contracts.DjetCountyFeature,
            """{ "xzqhdm": "220122", "qy": true, "qysj": "2026-03-01 00:00:00", "enabled": true }""");

        Assert.Equal([("$.enabled", "SCHEMA_ADDITIONAL_PROPERTY")], violations.Select(v => (v.Path, v.Code)));
    }
}
