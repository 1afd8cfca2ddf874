using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.FarmRegistry;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// 动监e通's farm corrections → the registry's POST /openapi/yzc/correction, one call per batch. The registry answers per
/// row: a row it rejects is final (its data will not become acceptable by sending it again); a refused call or a busy
/// answer is retried as a whole.
/// </summary>
public sealed class FarmRegistryCorrectionSender(IFarmRegistryApi api) : IDeliverySender
{
    public async Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct)
    {
        var results = new ItemResult?[items.Count];
        var sent = OutboxPayloads.ToPartnerItems<CanonicalFarmCorrection, RegistryCorrectionRow>(items, RegistryCorrectionMapping.FromCanonical, results);
        if (sent.Count > 0)
        {
            var answer = await api.CorrectFarmsAsync(requestId, new RegistryCorrectionBody([.. sent.Select(s => s.Item)]), ct);
            if (answer.Code != 0)
            {
                var whole = answer.Code == 5000 ? ItemResult.Retry($"{answer.Code}: {answer.Msg}") : ItemResult.Failed($"{answer.Code}: {answer.Msg}");
                foreach (var (index, _) in sent) results[index] = whole;
            }
            else
            {
                var rejected = (answer.Data?.Rejected ?? []).ToDictionary(r => r.Index);
                for (var i = 0; i < sent.Count; i++)
                    results[sent[i].Index] = rejected.TryGetValue(i, out var r) ? ItemResult.Rejected($"{r.Code}: {r.Msg}") : ItemResult.Delivered;
            }
        }
        return results.Select(r => r!).ToList();
    }
}
