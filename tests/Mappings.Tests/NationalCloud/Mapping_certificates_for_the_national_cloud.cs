using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests.NationalCloud;

public class Mapping_certificates_for_the_national_cloud
{
    private const string Golden = """
        {
          "number": "2200123456789", "type": "a", "declarationId": "SB2026060100042", "farmCode": "FR220122000123",
          "species": "pig", "headCount": 3, "tags": [ "122012200001001", "122012200001002", "122012200001007" ],
          "origin": { "regionCode": "220122100", "address": "吉林省长春市农安县农安镇宏达路8号" },
          "destination": { "regionCode": "210102", "address": "辽宁省沈阳市和平区南京北街屠宰场" },
          "carrier": "李振华", "plate": "吉A12345", "vet": "赵立新", "issuedAt": "2026-06-01T01:40:00Z", "validDays": 2
        }
        """;

    private static CanonicalCertificate Certificate => NationalItems.Canonical<CanonicalCertificate>(Golden);

    [Fact]
    public void Should_map_the_golden_certificate_to_the_contract_example()
    {
        NationalItems.EqualsExample(Contracts.NationalCertificateItem, NationalCertificateMapping.FromCanonical(Certificate));
    }

    [Fact]
    public void Should_file_a_certificate_under_the_county_of_its_village_origin()
    {
        var result = NationalCertificateMapping.FromCanonical(Certificate with
        {
            Type = CertificateType.B, Origin = new Place("220183105201", null), Destination = new Place("220122", null), Carrier = null,
        });

        Assert.True(result.IsValid);
        Assert.Equal(("B", "220183", "220183105201"), (result.Value!.CertificateType, result.Value.CountyCode, result.Value.OriginCode));
        Assert.Null(result.Value.Carrier);
    }

    [Fact]
    public void Should_report_an_origin_the_contract_refuses_on_the_item()
    {
        var result = NationalCertificateMapping.FromCanonical(Certificate with { Origin = new Place("2201", null) });

        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v is { Path: "$.originCode", Code: ViolationCodes.SchemaPattern });
    }

    [Fact]
    public void Should_refuse_a_tag_listed_twice_through_the_contract()
    {
        var result = NationalCertificateMapping.FromCanonical(Certificate with { Tags = ["122012200001001", "122012200001001"] });

        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v.Path == "$.earTags");
    }
}
