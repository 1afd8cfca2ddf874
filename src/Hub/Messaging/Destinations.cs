using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Where changes go. A destination is a partner plus the message kind it receives.</summary>
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

    public static readonly string[] ForFarmChange = [NationalCloudFarms, DjetFarmSync];
}
