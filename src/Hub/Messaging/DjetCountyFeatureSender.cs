using System.Text.Json;
using EarTagTrace.Adapters.Common;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Djet;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// County switches → 动监e通 POST /api/county-feature, one call per switch (the endpoint takes one county). Each call
/// carries the batch's request id plus the outbox id, so a retried switch is the same request to 动监e通.
/// </summary>
public sealed class DjetCountyFeatureSender(IDjetApi api, ILogger<DjetCountyFeatureSender> log) : IDeliverySender
{
    public async Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct)
    {
        var results = new ItemResult[items.Count];
        // A later switch of a county must not overtake an earlier one that failed: 动监e通 would end in the wrong state.
        var held = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (held.Contains(items[i].EntityKey))
            {
                results[i] = ItemResult.Retry($"waits for an earlier switch of county {items[i].EntityKey}");
                continue;
            }
            results[i] = await SendOneAsync(requestId, items[i], ct);
            if (results[i].Status != DeliveryStatus.Delivered)
                held.Add(items[i].EntityKey);
        }
        return results;
    }

    private async Task<ItemResult> SendOneAsync(string requestId, OutboxMessage item, CancellationToken ct)
    {
        CountyFeatureSwitched? change;
        try
        {
            change = JsonSerializer.Deserialize<CountyFeatureSwitched>(item.Payload, CanonicalJson.Options);
        }
        catch (JsonException ex)
        {
            return ItemResult.Failed("PAYLOAD_INVALID: " + ex.Message);
        }
        if (change is null) return ItemResult.Failed("PAYLOAD_INVALID: the payload is null");

        // qysj: the China midnight the switch takes effect; the mapping checks the body against djet/county-feature.
        var mapped = DjetCountyFeatureMapping.FromCanonical(change.CountyCode, change.Enabled, ChinaTime.Midnight(change.Since));
        if (!mapped.IsValid)
            return ItemResult.Failed("MAPPING_INVALID: " + string.Join("; ", mapped.Violations.Select(v => $"{v.Path} {v.Message}")));
        var body = new DjetCountyFeature(mapped.Value!.Xzqhdm, mapped.Value.Qy, mapped.Value.Qysj);
        try
        {
            var answer = await api.SetCountyFeatureAsync($"{requestId}-{item.Id}", body, ct);
            return answer.Code == 0 ? ItemResult.Delivered : ItemResult.Failed($"{answer.Code}: {answer.Msg}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Per item, not for the batch: switches already delivered in this batch must not be sent again.
            var message = $"{e.GetType().Name}: {e.GetBaseException().Message}";
            log.LogWarning("County switch {County} to 动监e通 failed: {Error}", change.CountyCode, message);
            return PartnerFailure.IsTransient(e) ? ItemResult.Retry(message) : ItemResult.Failed(message);
        }
    }
}
