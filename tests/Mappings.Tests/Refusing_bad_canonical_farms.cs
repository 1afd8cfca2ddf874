using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.FarmRegistry;

namespace EarTagTrace.Mappings.Tests;

/// <summary>Outbound mappings validate their input too: a corrupt canonical farm never reaches a partner.</summary>
public class Refusing_bad_canonical_farms
{
    private static readonly CanonicalFarm _farm = GoldenFarms.Canonical("jilin-farm");

    [Fact]
    public void Should_refuse_a_township_outside_its_county()
    {
        var farm = _farm with { CountyCode = "220102" };

        var national = NationalFarmMapping.FromCanonical(farm);
        var djet = DjetFarmSyncMapping.FromCanonical(farm);

        Assert.Equal(("$.townshipCode", "REGION_INCONSISTENT"), (Assert.Single(national.Violations).Path, national.Violations[0].Code));
        Assert.Equal(national.Violations, djet.Violations);
    }

    [Fact]
    public void Should_refuse_a_region_code_that_is_not_the_most_precise_code()
    {
        var result = NationalFarmMapping.FromCanonical(_farm with { VillageCode = "220122100201" });

        Assert.Equal([("$.regionCode", "REGION_INCONSISTENT")], result.Violations.Select(v => (v.Path, v.Code)));
    }

    [Fact]
    public void Should_report_every_schema_violation_of_the_canonical_farm()
    {
        var farm = _farm with
        {
            Code = "",
            Phone = "13843105678",
            Longitude = 200m,
            Stock = [new SpeciesStock(Species.Pig, -1), new SpeciesStock(Species.Pig, 3)],
        };

        var result = DjetFarmSyncMapping.FromCanonical(farm);

        Assert.Equal(
            [("$.code", "SCHEMA_LENGTH"), ("$.code", "SCHEMA_PATTERN"), ("$.longitude", "SCHEMA_RANGE"),
             ("$.phone", "SCHEMA_PATTERN"), ("$.stock[0].count", "SCHEMA_RANGE"), ("$.stock[1].species", "SPECIES_DUPLICATE")],
            result.Violations.Select(v => (v.Path, v.Code)).OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Code));
    }

    [Fact]
    public void Should_map_concurrently_with_the_same_results()
    {
        // The mappings run from many consumers at once; the lazily loaded schemas must not race.
        var record = TestFiles.Element(TestFiles.Read("Golden", "anxi-household", "registry-record.json"));
        var expected = TestFiles.Read("Golden", "anxi-household", "national-item.json");
        var outputs = new string[64];

        Parallel.For(0, outputs.Length, i =>
        {
            var farm = RegistryFarmMapping.ToCanonical(record, $"$.rows[{i}]").Value!;
            outputs[i] = System.Text.Json.JsonSerializer.Serialize(NationalFarmMapping.FromCanonical(farm).Value, PartnerJson.Options);
        });

        Assert.All(outputs, output => JsonAssert.Equal(expected, output));
    }
}
