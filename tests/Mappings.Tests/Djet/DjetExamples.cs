using System.Text.Json.Nodes;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Tests.Djet;

/// <summary>The golden examples of contracts/djet/, as sent or with one edit.</summary>
internal static class DjetExamples
{
    public static string Read(string name) => TestFiles.Read("contracts", "djet", name + ".example.json");

    public static string Edit(string name, Action<JsonObject> edit)
    {
        var message = JsonNode.Parse(Read(name))!.AsObject();
        edit(message);
        return message.ToJsonString();
    }

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>The refusal's violations as (path, code), after checking nothing was mapped.</summary>
    public static IReadOnlyList<(string Path, string Code)> Refused<T>(MappingResult<T> result)
        where T : class
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        return result.Violations.Select(v => (v.Path, v.Code)).ToList();
    }

    public static (string Path, string Code) Single<T>(MappingResult<T> result)
        where T : class =>
        Assert.Single(Refused(result));
}
