using System.Globalization;
using System.Text.Json;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.NationalAgri;

/// <summary><see cref="CanonicalOriginRecord"/> → the national agri platform's origin-record item, validated against its contract.</summary>
public static class NationalOriginRecordMapping
{
    public static MappingResult<NationalOriginRecordItem> FromCanonical(CanonicalOriginRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var item = new NationalOriginRecordItem
        {
            RecordId = record.Id.ToString(CultureInfo.InvariantCulture),
            EntityName = record.EntityName,
            EntityType = EntityTypeCode(record.EntityType),
            Purchaser = record.Purchaser,
            ContactName = record.ContactName,
            ContactPhone = Domestic(record.Phone),
            ProductCode = record.ProductCode,
            ProductName = record.ProductName,
            Scale = record.Scale,
            Unit = record.Unit.ToString().ToUpperInvariant(),
            BaseAddress = record.BaseAddress,
            RegionCode = record.RegionCode,
            CountyCode = record.RegionCode.Length >= 6 ? record.RegionCode[..6] : record.RegionCode,
            Longitude = record.Longitude,
            Latitude = record.Latitude,
            MarketStart = Date(record.MarketStart),
            MarketEnd = Date(record.MarketEnd),
            ProductionMode = record.ProductionMode switch
            {
                Canonical.ProductionMode.OpenField => "OPEN_FIELD",
                Canonical.ProductionMode.Facility => "FACILITY",
                _ => null,
            },
            TraceMethods = record.TraceMethods.Distinct().Order().Select(TraceMethodCode).ToList(),
            CreditRating = record.CreditRating,
            GridSupervisor = record.GridSupervisor,
            GridSupervisorPhone = Domestic(record.GridSupervisorPhone),
            Collector = record.Collector,
            CollectorPhone = Domestic(record.CollectorPhone),
            CollectedAt = ChinaTime.ToText(record.CollectedAt),
            UpdateTime = ChinaTime.ToText(record.UpdatedAt),
        };
        var violations = new List<Violation>();
        if (record.Longitude is null != record.Latitude is null)
            violations.Add(new Violation("$.longitude", ViolationCodes.CoordIncomplete, "longitude and latitude travel together or not at all."));
        if (record.MarketStart is { } start && record.MarketEnd is { } end && end < start)
            violations.Add(new Violation("$.marketEnd", ViolationCodes.ValueOutOfRange, $"market end {end:yyyy-MM-dd} is before market start {start:yyyy-MM-dd}."));
        return violations.Count > 0 ? MappingResult<NationalOriginRecordItem>.Fail(violations) : Validated(NationalAgriContracts.OriginRecordItem, item);
    }

    public static MappingResult<NationalRapidTestItem> FromCanonical(CanonicalRapidTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var item = new NationalRapidTestItem
        {
            TestId = test.Id.ToString(CultureInfo.InvariantCulture),
            RecordId = test.RecordId.ToString(CultureInfo.InvariantCulture),
            EntityName = test.EntityName,
            ProductCode = test.ProductCode,
            RegionCode = test.RegionCode,
            CountyCode = test.RegionCode.Length >= 6 ? test.RegionCode[..6] : test.RegionCode,
            SampleNo = test.SampleNo,
            TestItem = test.Item,
            Result = test.Result == RapidTestResult.Pass ? "PASS" : "FAIL",
            Value = test.Value,
            Tester = test.Tester,
            TestTime = ChinaTime.ToText(test.TestedAt),
        };
        return Validated(NationalAgriContracts.RapidTestItem, item);
    }

    public static string EntityTypeCode(OriginEntityType type) => type switch
    {
        OriginEntityType.Enterprise => "ENTERPRISE",
        OriginEntityType.Cooperative => "COOPERATIVE",
        OriginEntityType.FamilyFarm => "FAMILY_FARM",
        OriginEntityType.Household => "HOUSEHOLD",
        _ => type.ToString(),
    };

    public static string TraceMethodCode(TraceMethod method) => method switch
    {
        TraceMethod.ComplianceCertificate => "COMPLIANCE_CERTIFICATE",
        TraceMethod.ETraceCode => "E_TRACE_CODE",
        TraceMethod.EEarTag => "E_EAR_TAG",
        TraceMethod.QuarantineCertificate => "QUARANTINE_CERTIFICATE",
        TraceMethod.PackageLabel => "PACKAGE_LABEL",
        _ => "OTHER",
    };

    // The platform shows numbers the way a clerk dials them; the hub keeps E.164.
    private static string? Domestic(string? e164) =>
        e164 is null ? null : ChinaPhone.TryToDomestic(e164, out var domestic) ? domestic : e164;

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static MappingResult<T> Validated<T>(string contract, T item) where T : class
    {
        var output = ContractValidator.Validate(contract, JsonSerializer.Serialize(item, PartnerJson.Options));
        return output.Count == 0 ? MappingResult<T>.Ok(item) : MappingResult<T>.Fail(output);
    }
}
