using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Mappings.Common;

/// <summary>畜种代码 xmdm / speciesCode: "1" pig 猪, "2" cattle 牛, "3" sheep/goat 羊 — the digit that leads every ear tag.</summary>
public static class SpeciesCodes
{
    public static string ToCode(Species species) => species switch
    {
        Species.Pig => "1",
        Species.Cattle => "2",
        Species.Sheep => "3",
        _ => throw new ArgumentOutOfRangeException(nameof(species), species, "Unknown species."),
    };

    public static bool TryParse(string? code, out Species species)
    {
        species = code switch
        {
            "1" => Species.Pig,
            "2" => Species.Cattle,
            "3" => Species.Sheep,
            _ => default,
        };
        return code is "1" or "2" or "3";
    }
}
