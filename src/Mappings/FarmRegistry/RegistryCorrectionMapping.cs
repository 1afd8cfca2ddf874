using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.FarmRegistry;

/// <summary>One row of the registry's POST /openapi/yzc/correction: a 动监e通 correction in the registry's own field names.</summary>
public sealed record RegistryCorrectionRow
{
    [JsonPropertyName("jzid")] public required string Jzid { get; init; }
    [JsonPropertyName("yzcbm")] public required string Yzcbm { get; init; }
    [JsonPropertyName("jzsj")] public required string Jzsj { get; init; }
    [JsonPropertyName("gfsy")] public required string Gfsy { get; init; }
    /// <summary>来源 where it comes from: always "djet".</summary>
    [JsonPropertyName("ly")] public string Ly { get; init; } = "djet";
    [JsonPropertyName("fzr"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Fzr { get; init; }
    [JsonPropertyName("lxdh"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Lxdh { get; init; }
    [JsonPropertyName("dz"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Dz { get; init; }
    [JsonPropertyName("jd"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Jd { get; init; }
    [JsonPropertyName("wd"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Wd { get; init; }
    [JsonPropertyName("yzzl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<RegistryStockItem>? Yzzl { get; init; }
}

/// <summary>Body of POST /openapi/yzc/correction.</summary>
public sealed record RegistryCorrectionBody([property: JsonPropertyName("rows")] IReadOnlyList<RegistryCorrectionRow> Rows);

/// <summary>Answer of POST /openapi/yzc/correction: rows not listed in <c>rejected</c> were applied.</summary>
public sealed record RegistryCorrectionAnswer(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string? Msg,
    [property: JsonPropertyName("data")] RegistryCorrectionResult? Data);

public sealed record RegistryCorrectionResult(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] IReadOnlyList<RegistryRejectedRow>? Rejected);

public sealed record RegistryRejectedRow(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("msg")] string? Msg);

/// <summary>
/// <see cref="CanonicalFarmCorrection"/> → the registry's correction row (信息共享: what a vet corrected in 动监e通 goes
/// back to the system of record), validated against farm-registry/correction-batch as a one-row batch.
/// </summary>
public static class RegistryCorrectionMapping
{
    public static MappingResult<RegistryCorrectionRow> FromCanonical(CanonicalFarmCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        string? phone = null;
        if (correction.Phone is not null && !ChinaPhone.TryToDomestic(correction.Phone, out phone))
            return MappingResult<RegistryCorrectionRow>.Fail([new Violation("$.phone", ViolationCodes.PhoneInvalid,
                $"'phone' {correction.Phone} is neither a mainland mobile nor a landline with area code.")]);
        var row = new RegistryCorrectionRow
        {
            Jzid = correction.Id,
            Yzcbm = correction.FarmCode,
            Jzsj = ChinaTime.ToText(correction.CorrectedAt),
            Gfsy = correction.Vet,
            Fzr = correction.ContactName,
            Lxdh = phone,
            Dz = correction.Address,
            Jd = correction.Longitude?.ToString(CultureInfo.InvariantCulture),
            Wd = correction.Latitude?.ToString(CultureInfo.InvariantCulture),
            Yzzl = correction.Stock?.Select(s => new RegistryStockItem(SpeciesCodes.ToCode(s.Species), s.Count)).ToList(),
        };
        var output = ContractValidator.Validate(Contracts.RegistryCorrectionBatch,
            JsonSerializer.Serialize(new RegistryCorrectionBody([row]), PartnerJson.Options));
        return output.Count == 0 ? MappingResult<RegistryCorrectionRow>.Ok(row) : MappingResult<RegistryCorrectionRow>.Fail(output);
    }
}
