using System.Text.Json;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.NationalAgri;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.FujianMonitoring;

/// <summary>
/// Canonical rapid test → 福建省农产品质量安全监测系统 item. The system's items are assumed to be the national agri-product
/// platform's (contracts/fujian-monitoring), so the item is built the same way and validated against the Fujian
/// contract: a later change of the provincial format is a change here and in contracts/, nowhere else.
/// </summary>
public static class FujianRapidTestMapping
{
    public static MappingResult<NationalRapidTestItem> FromCanonical(CanonicalRapidTest test)
    {
        var national = NationalOriginRecordMapping.FromCanonical(test);
        if (!national.IsValid) return national;
        var output = ContractValidator.Validate(FujianMonitoringContracts.RapidTestItem, JsonSerializer.Serialize(national.Value, PartnerJson.Options));
        return output.Count == 0 ? national : MappingResult<NationalRapidTestItem>.Fail(output);
    }
}
