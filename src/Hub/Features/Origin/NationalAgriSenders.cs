using System.Text.Json;
using System.Text.Json.Nodes;
using EarTagTrace.Adapters.FujianMonitoring;
using EarTagTrace.Adapters.NationalAgri;
using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.FujianMonitoring;
using EarTagTrace.Mappings.NationalAgri;
using EarTagTrace.Mappings.NationalCloud;
using EarTagTrace.Mappings.Validation;
using EarTagTrace.Adapters.NationalPlatforms;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// Canonical origin data → one 国家农产品质量安全追溯管理信息平台 batch, through the national senders' base: the hub's
/// mapping refusals are Failed, the platform's per-item answer decides the rest; batching, the saved X-Request-Id,
/// retries and token refresh are the outbox's and the adapter's, shared with the cloud uploads.
/// </summary>
public abstract class NationalAgriItemSender<TCanonical, TItem>(IOptionsMonitor<NationalPlatformOptions> options)
    : NationalItemSender<TCanonical, TItem>(options, NationalPlatformOptions.NationalAgri)
    where TCanonical : class
    where TItem : class
{
    protected abstract Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<JsonObject> batch, CancellationToken ct);

    protected sealed override Task<NationalAnswer> UploadAsync(string requestId, string provinceCode, List<TItem> items, CancellationToken ct)
    {
        // The adapter takes JSON objects (the platform's item formats grew after it); the typed item is what was validated.
        var nodes = items.Select(i => JsonSerializer.SerializeToNode(i, PartnerJson.Options)!.AsObject()).ToList();
        return UploadAsync(requestId, new NationalBatch<JsonObject>(provinceCode, nodes), ct);
    }
}

/// <summary>Origin records → POST /api/v1/origin/records.</summary>
public sealed class NationalAgriOriginRecordSender(INationalAgriApi api, IOptionsMonitor<NationalPlatformOptions> options)
    : NationalAgriItemSender<CanonicalOriginRecord, NationalOriginRecordItem>(options)
{
    protected override MappingResult<NationalOriginRecordItem> Map(CanonicalOriginRecord canonical) => NationalOriginRecordMapping.FromCanonical(canonical);

    protected override string? RegionOf(CanonicalOriginRecord canonical) => canonical.RegionCode;

    protected override Task<NationalAnswer> UploadAsync(string requestId, NationalBatch<JsonObject> batch, CancellationToken ct) =>
        api.UploadOriginRecordsAsync(requestId, batch, ct);
}

/// <summary>
/// Rapid tests → 福建省农产品质量安全监测系统 POST /api/v1/rapid-tests, under its own options, token and breaker; the
/// batch, retries and per-item answer are the national senders' (the provincial interface is assumed to share them).
/// </summary>
public sealed class FujianRapidTestSender(IFujianMonitoringApi api, IOptionsMonitor<NationalPlatformOptions> options)
    : NationalItemSender<CanonicalRapidTest, NationalRapidTestItem>(options, NationalPlatformOptions.FujianMonitoring)
{
    protected override MappingResult<NationalRapidTestItem> Map(CanonicalRapidTest canonical) => FujianRapidTestMapping.FromCanonical(canonical);

    protected override string? RegionOf(CanonicalRapidTest canonical) => canonical.RegionCode;

    protected override Task<NationalAnswer> UploadAsync(string requestId, string provinceCode, List<NationalRapidTestItem> items, CancellationToken ct)
    {
        var nodes = items.Select(i => JsonSerializer.SerializeToNode(i, PartnerJson.Options)!.AsObject()).ToList();
        return api.UploadRapidTestsAsync(requestId, new NationalBatch<JsonObject>(provinceCode, nodes), ct);
    }
}

/// <summary>国家农产品质量安全追溯管理信息平台 origin records, sent by <see cref="NationalAgriOriginRecordSender"/>.</summary>
public sealed class NationalAgriOriginRecordsDestination()
    : NationalDestination<NationalAgriOriginRecordSender>(Adapters.Inbound.PartnerNames.NationalAgri, OriginDestinations.OriginRecords);

/// <summary>福建省农产品质量安全监测系统 rapid tests, sent by <see cref="FujianRapidTestSender"/>.</summary>
public sealed class FujianRapidTestsDestination()
    : NationalDestination<FujianRapidTestSender>(Adapters.Inbound.PartnerNames.FujianMonitoring, OriginDestinations.RapidTests);
