using System.Text.Json;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Mappings.Tests;

internal static class GoldenFarms
{
    public static CanonicalFarm Canonical(string name) =>
        JsonSerializer.Deserialize<CanonicalFarm>(TestFiles.Read("Golden", name, "canonical.json"), CanonicalJson.Options)!;
}
