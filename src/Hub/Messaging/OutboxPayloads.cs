using System.Text.Json;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// The first half of every sender, whatever kind it carries (farms, tag stock, issuances, cancellations, certificates,
/// origin records): outbox payloads → partner items, failing those the mapping refuses.
/// </summary>
public static class OutboxPayloads
{
    /// <returns>The items to send with their index in <paramref name="results"/>; refused ones are already Failed there.</returns>
    public static List<(int Index, T Item)> ToPartnerItems<T>(
        IReadOnlyList<OutboxMessage> items, Func<CanonicalFarm, MappingResult<T>> mapping, ItemResult?[] results)
        where T : class
        => ToPartnerItems<CanonicalFarm, T>(items, mapping, results);

    /// <summary>Any canonical record written to the outbox with <see cref="CanonicalJson.Options"/>; the overload above is for farms.</summary>
    public static List<(int Index, T Item)> ToPartnerItems<TCanonical, T>(
        IReadOnlyList<OutboxMessage> items, Func<TCanonical, MappingResult<T>> mapping, ItemResult?[] results)
        where TCanonical : class
        where T : class
    {
        var sent = new List<(int, T)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            TCanonical? canonical;
            try
            {
                canonical = JsonSerializer.Deserialize<TCanonical>(items[i].Payload, CanonicalJson.Options);
            }
            catch (JsonException ex)
            {
                // One unreadable row must not fail the batch it travels in.
                results[i] = ItemResult.Failed("PAYLOAD_INVALID: " + ex.Message);
                continue;
            }
            if (canonical is null)
            {
                results[i] = ItemResult.Failed("PAYLOAD_INVALID: the payload is null");
                continue;
            }
            var mapped = mapping(canonical);
            if (mapped.IsValid) sent.Add((i, mapped.Value!));
            // The hub's own mapping refused it: sending it again will not help, an engineer must look.
            else results[i] = ItemResult.Failed("MAPPING_INVALID: " + string.Join("; ", mapped.Violations.Select(v => $"{v.Path} {v.Message}")));
        }
        return sent;
    }
}
