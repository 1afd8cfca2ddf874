using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.NationalCloud;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Canonical farms → 国家云平台 POST /api/v1/farms.</summary>
public sealed class NationalCloudFarmSender(INationalCloudApi api, IOptionsMonitor<NationalPlatformOptions> options) : IDeliverySender
{
    public string Destination => Destinations.NationalCloudFarms;

    public async Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct)
    {
        var results = new ItemResult?[items.Count];
        var sent = CanonicalFarmItems.Map(items, NationalFarmMapping.FromCanonical, results);
        if (sent.Count > 0)
        {
            var provinceCode = options.Get(NationalPlatformOptions.NationalCloud).ProvinceCode;
            var answer = await api.UploadFarmsAsync(requestId, new NationalBatch<NationalFarmItem>(provinceCode, sent.Select(s => s.Item).ToList()), ct);
            NationalAnswers.Apply(answer, sent.Select(s => s.Index).ToList(), results);
        }
        return results.Select(r => r!).ToList();
    }
}
