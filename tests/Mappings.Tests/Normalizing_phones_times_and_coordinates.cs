using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.FarmRegistry;
using EarTagTrace.Mappings.NationalCloud;

namespace EarTagTrace.Mappings.Tests;

public class Normalizing_phones_times_and_coordinates
{
    private static CanonicalFarm Map(Action<JsonObject> edit)
    {
        var record = JsonNode.Parse(TestFiles.Read("Golden", "jilin-farm", "registry-record.json"))!.AsObject();
        edit(record);
        var result = RegistryFarmMapping.ToCanonical(TestFiles.Element(record.ToJsonString()));
        Assert.Empty(result.Violations);
        return result.Value!;
    }

    [Theory]
    [InlineData("13812345678")]
    [InlineData("138 1234 5678")]
    [InlineData("138-1234-5678")]
    [InlineData(" 138 1234-5678 ")]
    [InlineData("+86 13812345678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("+86-138-1234-5678")]
    [InlineData("8613812345678")]
    [InlineData("008613812345678")]
    public void Should_write_a_mobile_in_any_notation_as_E164(string lxdh) =>
        Assert.Equal("+8613812345678", Map(r => r["lxdh"] = lxdh).Phone);

    [Theory]
    [InlineData("0431-85551234", "+8643185551234")]
    [InlineData("043185551234", "+8643185551234")]
    [InlineData("(0431) 8555 1234", "+8643185551234")]
    [InlineData("+86 431 8555 1234", "+8643185551234")]
    [InlineData("0595-2328123", "+865952328123")]
    [InlineData("010-85551234", "+861085551234")]
    [InlineData("021 6123 4567", "+862161234567")]
    public void Should_write_a_landline_as_E164(string lxdh, string e164) =>
        Assert.Equal(e164, Map(r => r["lxdh"] = lxdh).Phone);

    [Theory]
    [InlineData("+8613812345678", "13812345678")]
    [InlineData("+8643185551234", "0431-85551234")]
    [InlineData("+865952328123", "0595-2328123")]
    [InlineData("+861085551234", "010-85551234")]
    [InlineData("+862161234567", "021-61234567")]
    public void Should_write_E164_in_domestic_notation_for_partners(string e164, string domestic)
    {
        Assert.True(ChinaPhone.TryToDomestic(e164, out var actual));
        Assert.Equal(domestic, actual);
        // And back again: domestic notation is lossless.
        Assert.True(ChinaPhone.TryToE164(actual, out var again));
        Assert.Equal(e164, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Should_keep_an_absent_phone_as_null(string? lxdh) =>
        Assert.Null(Map(r => r["lxdh"] = lxdh).Phone);

    [Fact]
    public void Should_refuse_an_E164_number_a_partner_cannot_dial()
    {
        var farm = GoldenFarms.Canonical("jilin-farm") with { Phone = "+86123456" };

        var result = NationalFarmMapping.FromCanonical(farm);

        Assert.Equal(("$.phone", "PHONE_INVALID"), (Assert.Single(result.Violations).Path, result.Violations[0].Code));
    }

    [Theory]
    [InlineData("2026-01-01 07:59:59", "2025-12-31T23:59:59Z")]
    [InlineData("2026-01-01 08:00:00", "2026-01-01T00:00:00Z")]
    [InlineData("2024-02-29 00:00:00", "2024-02-28T16:00:00Z")]
    [InlineData("2026-06-30 23:59:59", "2026-06-30T15:59:59Z")]
    public void Should_read_gxsj_as_China_Standard_Time(string gxsj, string utc)
    {
        var farm = Map(r => r["gxsj"] = gxsj);

        Assert.Equal(TimeSpan.Zero, farm.UpdatedAt.Offset);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), farm.UpdatedAt);
        Assert.Contains($"\"updatedAt\":\"{utc}\"", System.Text.Json.JsonSerializer.Serialize(farm, CanonicalJson.Options));
        // And the national platform gets the same wall-clock time back.
        Assert.Equal(gxsj, NationalFarmMapping.FromCanonical(farm).Value!.UpdateTime);
    }

    [Fact]
    public void Should_write_a_UTC_time_given_in_another_offset_in_CST_for_the_national_platform()
    {
        var farm = GoldenFarms.Canonical("jilin-farm") with
        {
            UpdatedAt = new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(-5)),
        };

        Assert.Equal("2026-01-01 14:00:00", NationalFarmMapping.FromCanonical(farm).Value!.UpdateTime);
    }

    [Fact]
    public void Should_map_empty_coordinates_to_null()
    {
        var farm = Map(r =>
        {
            r["jd"] = "";
            r["wd"] = "";
        });

        Assert.Null(farm.Longitude);
        Assert.Null(farm.Latitude);
    }

    [Fact]
    public void Should_map_missing_coordinates_to_null()
    {
        var farm = Map(r =>
        {
            r.Remove("jd");
            r.Remove("wd");
        });

        Assert.Null(farm.Longitude);
        Assert.Null(farm.Latitude);
    }

    [Fact]
    public void Should_keep_coordinates_exact()
    {
        var farm = Map(r =>
        {
            r["jd"] = "73";
            r["wd"] = "53.5600001";
        });

        Assert.Equal(73m, farm.Longitude);
        Assert.Equal(53.5600001m, farm.Latitude);
    }

    [Fact]
    public void Should_split_a_village_code_into_county_township_and_village()
    {
        var farm = Map(r => r["xzqhdm"] = "220122100201");

        Assert.Equal(("220122100201", "220122", "220122100", "220122100201"),
            (farm.RegionCode, farm.CountyCode, farm.TownshipCode, farm.VillageCode));
    }

    [Fact]
    public void Should_map_every_species_code()
    {
        var farm = Map(r => r["yzzl"] = JsonNode.Parse("""
            [ { "xmdm": "3", "clsl": 7 }, { "xmdm": "1", "clsl": 0 }, { "xmdm": "2", "clsl": 12 } ]
            """));

        Assert.Equal([new(Species.Sheep, 7), new(Species.Pig, 0), new SpeciesStock(Species.Cattle, 12)], farm.Stock);
    }
}
