using EarTagTrace.Adapters.Inbound;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>Outbox destinations of origin data: the national agri-product traceability platform's two uploads.</summary>
public static class OriginDestinations
{
    /// <summary>POST /api/v1/origin/records: one item per new or changed record.</summary>
    public const string OriginRecords = PartnerNames.NationalAgri + "/origin-records";
    /// <summary>POST /api/v1/rapid-tests: one item per rapid test.</summary>
    public const string RapidTests = PartnerNames.NationalAgri + "/rapid-tests";

    public static string RecordKey(long id) => "origin-record:" + id;
    public static string RapidTestKey(long id) => "rapid-test:" + id;
}
