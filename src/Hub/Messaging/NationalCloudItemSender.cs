using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// Canonical records of one kind → one 国家云平台 batch upload, as <see cref="NationalCloudFarmSender"/> does for farms:
/// the hub's mapping refusals are Failed, the platform's answer decides the rest.
/// </summary>
public abstract class NationalCloudItemSender<TCanonical, TItem>(IOptionsMonitor<NationalPlatformOptions> options) : IDeliverySender
    where TCanonical : class
    where TItem : class
{
    public abstract string Destination { get; }

    protected abstract MappingResult<TItem> Map(TCanonical canonical);

    protected abstract Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<TItem> batch, CancellationToken ct);

    public async Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct)
    {
        var results = new ItemResult?[items.Count];
        var sent = CanonicalFarmItems.Map<TCanonical, TItem>(items, Map, results);
        if (sent.Count > 0)
        {
            var provinceCode = options.Get(NationalPlatformOptions.NationalCloud).ProvinceCode;
            var answer = await UploadAsync(requestId, new NationalBatch<TItem>(provinceCode, sent.Select(s => s.Item).ToList()), ct);
            NationalAnswers.Apply(answer, sent.Select(s => s.Index).ToList(), results);
        }
        return results.Select(r => r!).ToList();
    }
}
