using System.Text.Json;

namespace EarTagTrace.Mappings.Tests;

internal static class TestFiles
{
    public static string Read(params string[] parts) =>
        File.ReadAllText(Path.Combine([AppContext.BaseDirectory, .. parts]));

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
