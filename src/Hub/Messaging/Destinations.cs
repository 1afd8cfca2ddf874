using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Hub.Messaging;

/// <summary>
/// The names of the destinations, as outbox rows store them. Each is a <see cref="Destination"/> type below, which knows
/// its partner and its sender.
/// </summary>
public static class Destinations
{
    /// <summary>国家云平台 POST /api/v1/farms.</summary>
    public const string NationalCloudFarms = PartnerNames.NationalCloud + "/farms";
    /// <summary>动监e通 POST /api/yzc/sync (the registry and 动监e通 share farm data through the hub).</summary>
    public const string DjetFarmSync = PartnerNames.Djet + "/yzc-sync";

    /// <summary>国家云平台 POST /api/v1/eartag/stock: one item per registered range.</summary>
    public const string NationalCloudTagStock = PartnerNames.NationalCloud + "/eartag-stock";
    /// <summary>国家云平台 POST /api/v1/eartag/issuances: one item per issuance (ffid) with its ranges.</summary>
    public const string NationalCloudIssuances = PartnerNames.NationalCloud + "/eartag-issuances";
    /// <summary>国家云平台 POST /api/v1/eartag/cancellations: one item per cancellation (zxid), tags merged into ranges.</summary>
    public const string NationalCloudCancellations = PartnerNames.NationalCloud + "/eartag-cancellations";
    /// <summary>国家云平台 POST /api/v1/quarantine/certificates.</summary>
    public const string NationalCloudCertificates = PartnerNames.NationalCloud + "/certificates";
    /// <summary>动监e通 POST /api/county-feature: a county's new function switched on or off.</summary>
    public const string DjetCountyFeature = PartnerNames.Djet + "/county-feature";
    /// <summary>动监e通 POST /api/tag-stock/sync: stock registered at the hub from the 库存耳标登记表 (录入动监e通).</summary>
    public const string DjetTagStock = PartnerNames.Djet + "/tag-stock";
    /// <summary>福建省农产品质量安全监测系统 POST /api/v1/rapid-tests: one item per rapid test (Anxi notice 二(一)).</summary>
    public const string FujianRapidTests = PartnerNames.FujianMonitoring + "/rapid-tests";

    /// <summary>畜禽养殖场户基础信息采集系统 POST /openapi/yzc/correction: farm corrections from 动监e通 (信息共享).</summary>
    public const string FarmRegistryCorrections = PartnerNames.FarmRegistry + "/corrections";

    public static readonly string[] ForFarmChange = [NationalCloudFarms, DjetFarmSync];
}

/// <summary>国家云平台 farms, sent by <see cref="NationalCloudFarmSender"/>.</summary>
public sealed class NationalCloudFarmsDestination()
    : NationalDestination<NationalCloudFarmSender>(PartnerNames.NationalCloud, Destinations.NationalCloudFarms);

/// <summary>动监e通 farm sync, sent by <see cref="DjetFarmSender"/>.</summary>
public sealed class DjetFarmSyncDestination() : DjetDestination<DjetFarmSender>(Destinations.DjetFarmSync);

/// <summary>国家云平台 registered tag stock, sent by <see cref="NationalCloudTagStockSender"/>.</summary>
public sealed class NationalCloudTagStockDestination()
    : NationalDestination<NationalCloudTagStockSender>(PartnerNames.NationalCloud, Destinations.NationalCloudTagStock);

/// <summary>国家云平台 tag issuances, sent by <see cref="NationalCloudIssuanceSender"/>.</summary>
public sealed class NationalCloudIssuancesDestination()
    : NationalDestination<NationalCloudIssuanceSender>(PartnerNames.NationalCloud, Destinations.NationalCloudIssuances);

/// <summary>国家云平台 tag cancellations, sent by <see cref="NationalCloudCancellationSender"/>.</summary>
public sealed class NationalCloudCancellationsDestination()
    : NationalDestination<NationalCloudCancellationSender>(PartnerNames.NationalCloud, Destinations.NationalCloudCancellations);

/// <summary>国家云平台 quarantine certificates, sent by <see cref="NationalCloudCertificateSender"/>.</summary>
public sealed class NationalCloudCertificatesDestination()
    : NationalDestination<NationalCloudCertificateSender>(PartnerNames.NationalCloud, Destinations.NationalCloudCertificates);

/// <summary>动监e通 county feature switches, sent by <see cref="DjetCountyFeatureSender"/>.</summary>
public sealed class DjetCountyFeatureDestination() : DjetDestination<DjetCountyFeatureSender>(Destinations.DjetCountyFeature);

/// <summary>动监e通 stock registered at the hub, sent by <see cref="DjetTagStockSender"/>.</summary>
public sealed class DjetTagStockDestination() : DjetDestination<DjetTagStockSender>(Destinations.DjetTagStock);

/// <summary>The registry's farm corrections, sent by <see cref="FarmRegistryCorrectionSender"/>.</summary>
public sealed class FarmRegistryCorrectionsDestination() : Destination<FarmRegistryCorrectionSender>(PartnerNames.FarmRegistry, Destinations.FarmRegistryCorrections)
{
    public override object Command(long[] outboxIds) => new DeliverToFarmRegistry(outboxIds, Name);
}
