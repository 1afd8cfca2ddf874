using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.Djet;

/// <summary>One range of 动监e通 POST /api/tag-stock/sync.</summary>
public sealed record DjetTagStockSyncRow(
    [property: JsonPropertyName("djid")] string Djid,
    [property: JsonPropertyName("xh")] string? Xh,
    [property: JsonPropertyName("bh")] string? Bh,
    [property: JsonPropertyName("qshm")] string Qshm,
    [property: JsonPropertyName("zzhm")] string Zzhm,
    [property: JsonPropertyName("sl")] long Sl,
    [property: JsonPropertyName("djsj")] string Djsj);

/// <summary>Body of 动监e通 POST /api/tag-stock/sync: one registrar's ranges.</summary>
public sealed record DjetTagStockSyncBody(
    [property: JsonPropertyName("djdw")] string Djdw,
    [property: JsonPropertyName("rows")] IReadOnlyList<DjetTagStockSyncRow> Rows);

/// <summary>
/// Stock registered at the hub → 动监e通 (录入动监e通, Jilin plan 二): the hub's registrations of one registrar as the
/// body of POST /api/tag-stock/sync, validated against djet/tag-stock-sync (which, like the push, requires box and pack).
/// </summary>
public static class DjetTagStockSyncMapping
{
    public static MappingResult<DjetTagStockSyncBody> FromCanonical(string registrar, IReadOnlyList<CanonicalStockRegistration> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var body = new DjetTagStockSyncBody(registrar, rows.Select(r => new DjetTagStockSyncRow(
            r.Id.ToString(CultureInfo.InvariantCulture), r.Box, r.Pack, TagNumber.Format(r.Range.First), TagNumber.Format(r.Range.Last),
            r.Count, ChinaTime.ToText(r.RegisteredAt))).ToList());
        var output = ContractValidator.Validate(Contracts.DjetTagStockSync, JsonSerializer.Serialize(body, PartnerJson.Options));
        return output.Count == 0 ? MappingResult<DjetTagStockSyncBody>.Ok(body) : MappingResult<DjetTagStockSyncBody>.Fail(output);
    }
}
