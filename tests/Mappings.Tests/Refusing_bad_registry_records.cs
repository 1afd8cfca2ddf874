using System.Text.Json.Nodes;
using EarTagTrace.Mappings.FarmRegistry;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests;

/// <summary>A refused record names every problem by its JSON path, so the registry can fix the exact field.</summary>
public class Refusing_bad_registry_records
{
    private static MappingResult<Canonical.CanonicalFarm> Map(Action<JsonObject> edit, string path = "$")
    {
        var record = JsonNode.Parse(TestFiles.Read("Golden", "jilin-farm", "registry-record.json"))!.AsObject();
        edit(record);
        return RegistryFarmMapping.ToCanonical(TestFiles.Element(record.ToJsonString()), path);
    }

    private static (string Path, string Code) Single(MappingResult<Canonical.CanonicalFarm> result)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        var violation = Assert.Single(result.Violations);
        return (violation.Path, violation.Code);
    }

    [Fact]
    public void Should_refuse_a_missing_yzcbm() =>
        Assert.Equal(("$.yzcbm", "SCHEMA_REQUIRED"), Single(Map(r => r.Remove("yzcbm"))));

    [Theory]
    [InlineData("22012210")]
    [InlineData("2201221000")]
    [InlineData("22012210000A")]
    [InlineData("")]
    public void Should_refuse_a_bad_xzqhdm(string xzqhdm) =>
        Assert.Equal(("$.xzqhdm", "SCHEMA_PATTERN"), Single(Map(r => r["xzqhdm"] = xzqhdm)));

    [Theory]
    [InlineData("12345")]
    [InlineData("1381234567")]
    [InlineData("23812345678")]
    [InlineData("43185551234")]
    [InlineData("0431-123")]
    [InlineData("138 1234 5678 ext 9")]
    [InlineData("+1 415 555 0100")]
    public void Should_refuse_a_bad_phone_at_lxdh(string lxdh)
    {
        var result = Map(r => r["lxdh"] = lxdh);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(("$.lxdh", "PHONE_INVALID"), (violation.Path, violation.Code));
        Assert.Contains("lxdh", violation.Message);
    }

    [Theory]
    [InlineData("2026/03/15 09:30:00")]
    [InlineData("2026-03-15T09:30:00")]
    [InlineData("2026-03-15 9:30:00")]
    [InlineData("2026-13-01 09:30:00")]
    public void Should_refuse_a_malformed_gxsj_by_the_schema(string gxsj) =>
        Assert.Equal(("$.gxsj", "SCHEMA_PATTERN"), Single(Map(r => r["gxsj"] = gxsj)));

    [Theory]
    [InlineData("2026-02-30 09:30:00")]
    [InlineData("2025-02-29 12:00:00")]
    [InlineData("2026-04-31 00:00:00")]
    public void Should_refuse_an_impossible_date(string gxsj) =>
        Assert.Equal(("$.gxsj", "TIME_INVALID"), Single(Map(r => r["gxsj"] = gxsj)));

    [Fact]
    public void Should_refuse_an_unknown_species_code() =>
        Assert.Equal(("$.yzzl[1].xmdm", "SCHEMA_ENUM"), Single(Map(r => r["yzzl"]![1]!["xmdm"] = "4")));

    [Fact]
    public void Should_refuse_a_species_listed_twice() =>
        Assert.Equal(("$.yzzl[1].xmdm", "SPECIES_DUPLICATE"), Single(Map(r => r["yzzl"]![1]!["xmdm"] = "1")));

    [Fact]
    public void Should_refuse_a_missing_farm_type_rather_than_guess_it() =>
        Assert.Equal(("$.ztlx", "FARM_TYPE_MISSING"), Single(Map(r => r.Remove("ztlx"))));

    [Theory]
    [InlineData("jd", "44.432889")]
    [InlineData("jd", "-125.18")]
    [InlineData("wd", "125.184741")]
    [InlineData("wd", "2.5")]
    public void Should_refuse_coordinates_outside_China(string field, string value) =>
        Assert.Equal(($"$.{field}", "COORD_OUT_OF_RANGE"), Single(Map(r => r[field] = value)));

    [Fact]
    public void Should_refuse_a_location_with_one_coordinate() =>
        Assert.Equal(("$.wd", "COORD_INCOMPLETE"), Single(Map(r => r["wd"] = "")));

    [Fact]
    public void Should_report_both_violations_of_one_record()
    {
        var result = Map(r =>
        {
            r["xzqhdm"] = "2201221";
            r["lxdh"] = "138123";
        });

        Assert.Equal(
            [("$.lxdh", "PHONE_INVALID"), ("$.xzqhdm", "SCHEMA_PATTERN")],
            result.Violations.Select(v => (v.Path, v.Code)).OrderBy(p => p.Path));
    }

    [Fact]
    public void Should_report_schema_and_mapping_violations_together()
    {
        var result = Map(r =>
        {
            r.Remove("yzcbm");
            r["gxsj"] = "2026-02-30 08:00:00";
            r["jd"] = "200";
            r["yzzl"]![0]!["clsl"] = -3;
        });

        Assert.Equal(
            [("$.gxsj", "TIME_INVALID"), ("$.jd", "COORD_OUT_OF_RANGE"), ("$.yzcbm", "SCHEMA_REQUIRED"),
             ("$.yzzl[0].clsl", "SCHEMA_RANGE")],
            result.Violations.Select(v => (v.Path, v.Code)).OrderBy(p => p.Path, StringComparer.Ordinal));
    }

    [Fact]
    public void Should_prefix_every_path_with_the_row_path()
    {
        var result = Map(r =>
        {
            r.Remove("yzcbm");
            r["lxdh"] = "99";
        }, "$.rows[3]");

        Assert.Equal(
            [("$.rows[3].lxdh", "PHONE_INVALID"), ("$.rows[3].yzcbm", "SCHEMA_REQUIRED")],
            result.Violations.Select(v => (v.Path, v.Code)).OrderBy(p => p.Path, StringComparer.Ordinal));
    }

    [Fact]
    public void Should_locate_rows_of_a_push_body_by_their_index()
    {
        var good = TestFiles.Read("Golden", "jilin-farm", "registry-record.json");
        var bad = JsonNode.Parse(good)!.AsObject();
        bad["xzqhdm"] = "123";
        var rows = TestFiles.Element($"[{good},{good},{good},{bad.ToJsonString()}]");

        var results = RegistryFarmMapping.ToCanonicalRows(rows);

        Assert.Equal(4, results.Count);
        Assert.All(results.Take(3), r => Assert.True(r.IsValid));
        Assert.Equal("$.rows[3].xzqhdm", Assert.Single(results[3].Violations).Path);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"FR1\"")]
    [InlineData("null")]
    public void Should_refuse_a_record_that_is_not_an_object(string json)
    {
        var result = RegistryFarmMapping.ToCanonical(TestFiles.Element(json), "$.rows[0]");

        var violation = Assert.Single(result.Violations);
        Assert.Equal(("$.rows[0]", "SCHEMA_TYPE"), (violation.Path, violation.Code));
    }

    [Theory]
    [InlineData("[ null ]", "$.yzzl[0]")]
    [InlineData("null", "$.yzzl")]
    [InlineData("[ 1 ]", "$.yzzl[0]")]
    public void Should_name_a_wrong_typed_yzzl_once(string yzzl, string path) =>
        Assert.Equal((path, "SCHEMA_TYPE"), Single(Map(r => r["yzzl"] = JsonNode.Parse(yzzl))));
}
