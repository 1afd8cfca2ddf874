using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Hub.Messaging;

/// <summary>Where changes go. A destination is a partner plus the message kind it receives.</summary>
public static class Destinations
{
    /// <summary>国家云平台 POST /api/v1/farms.</summary>
    public const string NationalCloudFarms = PartnerNames.NationalCloud + "/farms";
    /// <summary>动监e通 POST /api/yzc/sync (the registry and 动监e通 share farm data through the hub).</summary>
    public const string DjetFarmSync = PartnerNames.Djet + "/yzc-sync";

    public static readonly string[] ForFarmChange = [NationalCloudFarms, DjetFarmSync];
}
