using System.Text.Json;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Hub.Messaging;

/// <summary>The first half of every farm sender: outbox payloads → partner items, failing those the mapping refuses.</summary>
public static class CanonicalFarmItems
{
    /// <returns>The items to send with their index in <paramref name="results"/>; refused ones are already Failed there.</returns>
    public static List<(int Index, T Item)> Map<T>(
        IReadOnlyList<OutboxMessage> items, Func<CanonicalFarm, MappingResult<T>> mapping, ItemResult?[] results)
        where T : class
    {
        var sent = new List<(int, T)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var farm = JsonSerializer.Deserialize<CanonicalFarm>(items[i].Payload, CanonicalJson.Options)!;
            var mapped = mapping(farm);
            if (mapped.IsValid) sent.Add((i, mapped.Value!));
            // The hub's own mapping refused it: sending it again will not help, an engineer must look.
            else results[i] = ItemResult.Failed("MAPPING_INVALID: " + string.Join("; ", mapped.Violations.Select(v => $"{v.Path} {v.Message}")));
        }
        return sent;
    }
}
