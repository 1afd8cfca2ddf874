using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using EarTagTrace.Mappings.FarmRegistry;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests.Djet;

/// <summary>现场纠正: 动监e通's correction → canonical → the registry's correction row, both sides against contracts/.</summary>
public class Mapping_farm_corrections
{
    private static JsonObject Example() => JsonNode.Parse(TestFiles.Read("contracts", "djet/farm-correction.example.json"))!.AsObject();

    [Fact]
    public void Should_map_the_golden_example_and_back_to_the_registry_row()
    {
        var mapped = DjetFarmCorrectionMapping.ToCanonical(Example().ToJsonString());

        Assert.Empty(mapped.Violations);
        var c = mapped.Value!;
        Assert.Equal(("JZ20260601001", "FR220122000123", "+8613912345678", 125.1843m), (c.Id, c.FarmCode, c.Phone, c.Longitude));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 2, 30, 0, TimeSpan.Zero), c.CorrectedAt);
        Assert.Equal([new SpeciesStock(Species.Pig, 215)], c.Stock);
        Assert.Null(c.ContactName);

        var row = RegistryCorrectionMapping.FromCanonical(c);
        Assert.Empty(row.Violations);
        Assert.Equal(("13912345678", "2026-06-01 10:30:00", "djet", null), (row.Value!.Lxdh, row.Value.Jzsj, row.Value.Ly, row.Value.Fzr));
    }

    [Theory]
    [InlineData("nothing corrected", new[] { "lxdh", "dz", "jd", "wd", "yzzl" }, null, "CORRECTION_EMPTY", "$")]
    [InlineData("jd without wd", new[] { "wd" }, null, ViolationCodes.CoordIncomplete, "$.wd")]
    [InlineData("not a Chinese phone", new string[0], "lxdh=12345", ViolationCodes.PhoneInvalid, "$.lxdh")]
    [InlineData("a point outside China", new string[0], "jd=12.5", ViolationCodes.CoordOutOfRange, "$.jd")]
    [InlineData("an impossible time", new string[0], "jzsj=2026-02-30 10:00:00", ViolationCodes.TimeInvalid, "$.jzsj")]
    public void Should_refuse_what_the_schema_cannot_say(string edge, string[] removed, string? set, string code, string path)
    {
        var body = Example();
        foreach (var field in removed) body.Remove(field);
        if (set?.Split('=') is [var name, var value]) body[name] = value;

        var mapped = DjetFarmCorrectionMapping.ToCanonical(body.ToJsonString());

        var violation = Assert.Single(mapped.Violations);
        Assert.True((code, path) == (violation.Code, violation.Path), $"{edge}: {violation.Code} at {violation.Path}");
    }
}
