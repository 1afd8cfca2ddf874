using System.Text.Json;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests.NationalCloud;

/// <summary>Canonical outbox payloads read as the senders read them, and items compared with the contracts' examples.</summary>
internal static class NationalItems
{
    /// <summary>The payload as the outbox holds it: canonical JSON, read with <see cref="CanonicalJson.Options"/>.</summary>
    public static T Canonical<T>(string json) => JsonSerializer.Deserialize<T>(json, CanonicalJson.Options)!;

    public static string Json<T>(T item) => JsonSerializer.Serialize(item, PartnerJson.Options);

    /// <summary>The mapping's item equals the golden example beside the item's schema, and validates.</summary>
    public static void EqualsExample<T>(string contract, MappingResult<T> result)
        where T : class
    {
        Assert.Empty(result.Violations);
        Assert.True(result.IsValid);
        var json = Json(result.Value);
        JsonAssert.Equal(TestFiles.Read("contracts", contract + ".example.json"), json);
        Assert.Empty(ContractValidator.Validate(contract, json));
    }

    public static (string Path, string Code) Only<T>(MappingResult<T> result)
        where T : class
    {
        Assert.False(result.IsValid);
        var violation = Assert.Single(result.Violations);
        return (violation.Path, violation.Code);
    }
}
