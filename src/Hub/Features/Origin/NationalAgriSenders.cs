using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Adapters.NationalAgri;
using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalAgri;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// Canonical origin data → one 国家农产品质量安全追溯管理信息平台 batch, as the national cloud senders do: the hub's
/// mapping refusals are Failed, the platform's per-item answer decides the rest; batching, the saved X-Request-Id,
/// retries and token refresh are the outbox's and the adapter's, shared with the cloud uploads.
/// </summary>
public abstract class NationalAgriItemSender<TCanonical, TItem>(IOptionsMonitor<NationalPlatformOptions> options) : IDeliverySender
    where TCanonical : class
    where TItem : class
{
    public abstract string Destination { get; }

    protected abstract MappingResult<TItem> Map(TCanonical canonical);

    protected abstract Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<JsonObject> batch, CancellationToken ct);

    public async Task<IReadOnlyList<ItemResult>> SendAsync(string requestId, IReadOnlyList<OutboxMessage> items, CancellationToken ct)
    {
        var results = new ItemResult?[items.Count];
        var sent = CanonicalFarmItems.Map<TCanonical, TItem>(items, Map, results);
        if (sent.Count > 0)
        {
            var provinceCode = options.Get(NationalPlatformOptions.NationalAgri).ProvinceCode;
            // The adapter takes JSON objects (the platform's item formats grew after it); the typed item is what was validated.
            var nodes = sent.Select(s => JsonSerializer.SerializeToNode(s.Item, PartnerJson.Options)!.AsObject()).ToList();
            var answer = await UploadAsync(requestId, new NationalBatch<JsonObject>(provinceCode, nodes), ct);
            NationalAnswers.Apply(answer, sent.Select(s => s.Index).ToList(), results);
        }
        return results.Select(r => r!).ToList();
    }
}

/// <summary>Origin records → POST /api/v1/origin/records.</summary>
public sealed class NationalAgriOriginRecordSender(INationalAgriApi api, IOptionsMonitor<NationalPlatformOptions> options)
    : NationalAgriItemSender<CanonicalOriginRecord, NationalOriginRecordItem>(options)
{
    public override string Destination => OriginDestinations.OriginRecords;

    protected override MappingResult<NationalOriginRecordItem> Map(CanonicalOriginRecord canonical) => NationalOriginRecordMapping.FromCanonical(canonical);

    protected override Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<JsonObject> batch, CancellationToken ct) =>
        api.UploadOriginRecordsAsync(requestId, batch, ct);
}

/// <summary>Rapid tests → POST /api/v1/rapid-tests.</summary>
public sealed class NationalAgriRapidTestSender(INationalAgriApi api, IOptionsMonitor<NationalPlatformOptions> options)
    : NationalAgriItemSender<CanonicalRapidTest, NationalRapidTestItem>(options)
{
    public override string Destination => OriginDestinations.RapidTests;

    protected override MappingResult<NationalRapidTestItem> Map(CanonicalRapidTest canonical) => NationalOriginRecordMapping.FromCanonical(canonical);

    protected override Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<JsonObject> batch, CancellationToken ct) =>
        api.UploadRapidTestsAsync(requestId, batch, ct);
}
