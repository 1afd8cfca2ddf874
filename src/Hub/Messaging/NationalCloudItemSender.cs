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
/// <param name="platform">The named <see cref="NationalPlatformOptions"/>: fallback and pinned province.</param>
public abstract class NationalItemSender<TCanonical, TItem>(IOptionsMonitor<NationalPlatformOptions> options, string platform) : IDeliverySender
    where TCanonical : class
    where TItem : class
{
    protected abstract MappingResult<TItem> Map(TCanonical canonical);

    protected abstract Task<NationalAnswer> UploadAsync(string requestId, string provinceCode, List<TItem> items, CancellationToken ct);

    /// <summary>
    /// The region (county, township or village code) the record lies in; its first two digits are the batch's
    /// provinceCode. Null for records that carry no region of their own: they go out under the configured ProvinceCode.
    /// </summary>
    protected virtual string? RegionOf(TCanonical canonical) => null;

    public async Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct)
    {
        var results = new ItemResult?[items.Count];
        var settings = options.Get(platform);
        var canonicals = OutboxPayloads.ToPartnerItems<TCanonical, TCanonical>(items, MappingResult<TCanonical>.Ok, results);
        var sent = new List<(int Index, TItem Item, string Province)>(canonicals.Count);
        foreach (var (index, canonical) in canonicals)
        {
            var province = ProvinceOf(RegionOf(canonical), settings.ProvinceCode);
            if (ProvinceRefusal(province, settings.PinnedProvince) is { } refusal)
            {
                results[index] = ItemResult.Failed(refusal);
                continue;
            }
            var mapped = Map(canonical);
            if (mapped.IsValid) sent.Add((index, mapped.Value!, province));
            else results[index] = ItemResult.Failed("MAPPING_INVALID: " + string.Join("; ", mapped.Violations.Select(v => $"{v.Path} {v.Message}")));
        }
        // One batch carries one provinceCode, so a batch mixing provinces goes out as one upload per province, each
        // under a request id derived from the batch's (the same on every retry, so the platform still sees a resend).
        var groups = sent.GroupBy(s => s.Province).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var group in groups)
        {
            var id = groups.Count == 1 ? requestId : requestId + "-" + group.Key;
            var answer = await UploadAsync(id, group.Key, group.Select(s => s.Item).ToList(), ct);
            NationalAnswers.Apply(answer, group.Select(s => s.Index).ToList(), results);
        }
        return results.Select(r => r!).ToList();
    }

    /// <summary>The province of a region code (its first two digits, GB/T 2260), or the fallback when there is none.</summary>
    public static string ProvinceOf(string? regionCode, string fallback) =>
        regionCode is { Length: >= 2 } && char.IsAsciiDigit(regionCode[0]) && char.IsAsciiDigit(regionCode[1]) ? regionCode[..2] : fallback;

    /// <summary>A deployment pinned to one province refuses a record of another, whatever else is right with it.</summary>
    public static string? ProvinceRefusal(string province, string? pinnedProvince) =>
        string.IsNullOrEmpty(pinnedProvince) || province == pinnedProvince
            ? null
            : $"PROVINCE_NOT_SERVED: the record lies in province {province}, this deployment serves province {pinnedProvince} only (PinnedProvince)";
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
