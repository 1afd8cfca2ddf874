using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// The one sender base of the national platforms (国家云平台, 国家农产品质量安全追溯管理信息平台): outbox payloads →
/// canonical records of one kind → partner items → one batch upload. The hub's mapping refusals are Failed, the
/// platform's per-item answer decides the rest.
/// </summary>
/// <param name="platform">The named <see cref="NationalPlatformOptions"/> whose province code the batch carries.</param>
public abstract class NationalItemSender<TCanonical, TItem>(IOptionsMonitor<NationalPlatformOptions> options, string platform) : IDeliverySender
    where TCanonical : class
    where TItem : class
{
    protected abstract MappingResult<TItem> Map(TCanonical canonical);

    protected abstract Task<NationalAnswer> UploadAsync(string requestId, string provinceCode, List<TItem> items, CancellationToken ct);

    public async Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct)
    {
        var results = new ItemResult?[items.Count];
        var sent = OutboxPayloads.ToPartnerItems<TCanonical, TItem>(items, Map, results);
        if (sent.Count > 0)
        {
            var provinceCode = options.Get(platform).ProvinceCode;
            var answer = await UploadAsync(requestId, provinceCode, sent.Select(s => s.Item).ToList(), ct);
            NationalAnswers.Apply(answer, sent.Select(s => s.Index).ToList(), results);
        }
        return results.Select(r => r!).ToList();
    }
}

/// <summary>A 国家云平台 batch upload of one kind of canonical record (farms, tag stock, issuances, cancellations, certificates).</summary>
public abstract class NationalCloudItemSender<TCanonical, TItem>(IOptionsMonitor<NationalPlatformOptions> options)
    : NationalItemSender<TCanonical, TItem>(options, NationalPlatformOptions.NationalCloud)
    where TCanonical : class
    where TItem : class
{
    protected abstract Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<TItem> batch, CancellationToken ct);

    protected sealed override Task<NationalAnswer> UploadAsync(string requestId, string provinceCode, List<TItem> items, CancellationToken ct)
        => UploadAsync(requestId, new NationalBatch<TItem>(provinceCode, items), ct);
}
