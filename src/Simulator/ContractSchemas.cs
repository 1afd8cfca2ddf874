using System.Collections.Concurrent;
using NJsonSchema;

namespace EarTagTrace.Simulator;

/// <summary>
/// JSON Schemas from contracts/ embedded in this assembly. A schema that is missing (or does not load) means
/// "skip validation for that type": the schemas are written alongside the simulator and may lag behind it.
/// </summary>
public static class ContractSchemas
{
    private static readonly ConcurrentDictionary<string, JsonSchema?> _cache = new();

    public static bool Has(string path) => Get(path) is not null;

    /// <summary>Errors of <paramref name="json"/> against contracts/<paramref name="path"/>; null when no schema is available.</summary>
    public static IReadOnlyList<string>? Validate(string path, string json)
    {
        var schema = Get(path);
        if (schema is null)
            return null;
        return schema.Validate(json).Select(e => $"{e.Path}: {e.Kind}").ToList();
    }

    private static JsonSchema? Get(string path) => _cache.GetOrAdd(path, Load);

    private static JsonSchema? Load(string path)
    {
        using var stream = typeof(ContractSchemas).Assembly.GetManifestResourceStream("contracts/" + path);
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        try
        {
            return JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"simulator: contracts/{path} does not load ({ex.Message}); validation skipped for it");
            return null;
        }
    }
}
