namespace EarTagTrace.Adapters.Inbound;

/// <summary>Partner ids as the journal, the credentials table and the deliveries name them.</summary>
public static class PartnerNames
{
    /// <summary>畜禽养殖场户基础信息采集系统 farm registry.</summary>
    public const string FarmRegistry = "farm-registry";
    /// <summary>动监e通 provincial animal-health supervision system.</summary>
    public const string Djet = "djet";
    /// <summary>国家云平台 national cloud platform.</summary>
    public const string NationalCloud = "national-cloud";
    /// <summary>国家农产品质量安全追溯管理信息平台 national agri-product traceability platform.</summary>
    public const string NationalAgri = "national-agri";
    /// <summary>福建省农产品质量安全监测系统 Fujian agri-product quality monitoring system (rapid tests).</summary>
    public const string FujianMonitoring = "fujian-monitoring";
}
