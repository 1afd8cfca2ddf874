using System.Text.Json;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;
using EarTagTrace.Mappings.FarmRegistry;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests;

/// <summary>registry record → canonical → national item and 动监e通 row, each compared with its golden file.</summary>
public class Mapping_farms_through_the_golden_files
{
    public static TheoryData<string> Cases => new() { "jilin-farm", "anxi-household", "incomplete-household" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_map_the_registry_record_to_the_golden_canonical_farm(string name)
    {
        var result = RegistryFarmMapping.ToCanonical(TestFiles.Element(TestFiles.Read("Golden", name, "registry-record.json")));

        Assert.Empty(result.Violations);
        Assert.True(result.IsValid);
        JsonAssert.Equal(TestFiles.Read("Golden", name, "canonical.json"),
            JsonSerializer.Serialize(result.Value, CanonicalJson.Options));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_map_the_golden_canonical_farm_to_the_golden_national_item(string name)
    {
        var farm = Canonical(name);

        var result = NationalFarmMapping.FromCanonical(farm);

        Assert.Empty(result.Violations);
        JsonAssert.Equal(TestFiles.Read("Golden", name, "national-item.json"),
            JsonSerializer.Serialize(result.Value, PartnerJson.Options));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_map_the_golden_canonical_farm_to_the_golden_djet_row(string name)
    {
        var result = DjetFarmSyncMapping.FromCanonical(Canonical(name));

        Assert.Empty(result.Violations);
        JsonAssert.Equal(TestFiles.Read("Golden", name, "djet-row.json"),
            JsonSerializer.Serialize(result.Value, PartnerJson.Options));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_read_back_the_djet_row_as_the_same_canonical_farm(string name)
    {
        // The 动监e通 row is registry format, so the registry mapping must read it back unchanged.
        var result = RegistryFarmMapping.ToCanonical(TestFiles.Element(TestFiles.Read("Golden", name, "djet-row.json")));

        Assert.Empty(result.Violations);
        Assert.Equal(JsonSerializer.Serialize(Canonical(name), CanonicalJson.Options),
            JsonSerializer.Serialize(result.Value, CanonicalJson.Options));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_keep_every_golden_file_valid_against_its_contract(string name)
    {
        Assert.Empty(ContractValidator.Validate(Contracts.RegistryFarmRecord, TestFiles.Read("Golden", name, "registry-record.json")));
        Assert.Empty(ContractValidator.Validate(Contracts.CanonicalFarm, TestFiles.Read("Golden", name, "canonical.json")));
        Assert.Empty(ContractValidator.Validate(Contracts.NationalFarmItem, TestFiles.Read("Golden", name, "national-item.json")));
        Assert.Empty(ContractValidator.Validate(Contracts.RegistryFarmRecord, TestFiles.Read("Golden", name, "djet-row.json")));
    }

    private static CanonicalFarm Canonical(string name) => GoldenFarms.Canonical(name);
}
