using System.Text.Json;
using EarTagTrace.Adapters.Common;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Djet;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Stock registered at the hub → 动监e通 POST /api/tag-stock/sync (录入动监e通, Jilin plan 二), one call per registrar
/// with its ranges. 动监e通 applies each djid (the hub's registration id) once, so a retried call is harmless.
/// </summary>
public sealed class DjetTagStockSender(IDjetApi api, ILogger<DjetTagStockSender> log) : IDeliverySender
{
    public async Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct)
    {
        var results = new ItemResult?[items.Count];
        var byRegistrar = new Dictionary<string, List<(int Index, CanonicalStockRegistration Row)>>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            CanonicalStockRegistration? row = null;
            try
            {
                row = JsonSerializer.Deserialize<CanonicalStockRegistration>(items[i].Payload, CanonicalJson.Options);
            }
            catch (JsonException ex)
            {
                results[i] = ItemResult.Failed("PAYLOAD_INVALID: " + ex.Message);
                continue;
            }
            if (row is null)
            {
                results[i] = ItemResult.Failed("PAYLOAD_INVALID: the payload is null");
                continue;
            }
            if (!byRegistrar.TryGetValue(row.RegistrarCode, out var group))
                byRegistrar[row.RegistrarCode] = group = [];
            group.Add((i, row));
        }

        foreach (var (registrar, group) in byRegistrar)
        {
            var mapped = DjetTagStockSyncMapping.FromCanonical(registrar, group.Select(g => g.Row).ToList());
            ItemResult result;
            if (!mapped.IsValid)
                result = ItemResult.Failed("MAPPING_INVALID: " + string.Join("; ", mapped.Violations.Select(v => $"{v.Path} {v.Message}")));
            else
            {
                try
                {
                    var answer = await api.SyncTagStockAsync($"{requestId}-{registrar}", mapped.Value!, ct);
                    result = answer.Code == 0 ? ItemResult.Delivered : ItemResult.Failed($"{answer.Code}: {answer.Msg}");
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // Per registrar: another registrar's ranges already entered in this batch are not sent again.
                    var message = $"{e.GetType().Name}: {e.GetBaseException().Message}";
                    log.LogWarning("Tag stock of {Registrar} to 动监e通 failed: {Error}", registrar, message);
                    result = PartnerFailure.IsTransient(e) ? ItemResult.Retry(message) : ItemResult.Failed(message);
                }
            }
            foreach (var (index, _) in group) results[index] = result;
        }
        return results.Select(r => r!).ToList();
    }
}
