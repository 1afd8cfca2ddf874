using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// Outbox destinations of origin data: origin records to the national agri-product traceability platform; rapid tests
/// to 福建省农产品质量安全监测系统 (the notice, 二(一): 检测结果及时上传福建省农产品质量安全监测系统).
/// </summary>
public static class OriginDestinations
{
    /// <summary>POST /api/v1/origin/records: one item per new or changed record.</summary>
    public const string OriginRecords = PartnerNames.NationalAgri + "/origin-records";
    /// <summary>福建省农产品质量安全监测系统 POST /api/v1/rapid-tests: one item per rapid test.</summary>
    public const string RapidTests = Messaging.Destinations.FujianRapidTests;

    public static string RecordKey(long id) => "origin-record:" + id;
    public static string RapidTestKey(long id) => "rapid-test:" + id;
}
