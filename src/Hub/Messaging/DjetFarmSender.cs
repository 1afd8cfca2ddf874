using EarTagTrace.Adapters.Djet;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Djet;
using EarTagTrace.Mappings.FarmRegistry;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Canonical farms → 动监e通 POST /api/yzc/sync, as registry-format rows.</summary>
public sealed class DjetFarmSender(IDjetApi api) : IDeliverySender
{
    public async Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct)
    {
        var results = new ItemResult?[items.Count];
        var sent = OutboxPayloads.ToPartnerItems(items, DjetFarmSyncMapping.FromCanonical, results);
        if (sent.Count > 0)
        {
            var answer = await api.SyncFarmsAsync(requestId, new RegistryRowsBody(sent.Select(s => s.Item).ToList()), ct);
            var result = answer.Code == 0 ? ItemResult.Delivered : ItemResult.Failed($"{answer.Code}: {answer.Msg}");
            foreach (var (index, _) in sent) results[index] = result;
        }
        return results.Select(r => r!).ToList();
    }
}
