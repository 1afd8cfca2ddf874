using System.Globalization;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Mappings.NationalCloud;

/// <summary><see cref="CanonicalStockRegistration"/> → 国家云平台 item of POST /api/v1/eartag/stock (docs/partners.md, national cloud platform).</summary>
public static class NationalStockMapping
{
    /// <summary>Checks the range agrees with the registration's species, county and count, maps, validates national-cloud/stock-item.</summary>
    public static MappingResult<NationalStockItem> FromCanonical(CanonicalStockRegistration stock)
    {
        ArgumentNullException.ThrowIfNull(stock);
        if (NationalTagSegments.Check(stock.Range, "$.range") is { } bad)
            return MappingResult<NationalStockItem>.Fail([bad]);

        var violations = new List<Violation>();
        var first = stock.Range.FirstTag;
        if (first.Species != stock.Species)
            violations.Add(new Violation("$.species", TagCodes.TagSpeciesMismatch, $"species {stock.Species} but the range {stock.Range} is of {first.Species}."));
        if (first.CountyCode != stock.CountyCode)
            violations.Add(new Violation("$.countyCode", TagCodes.RangeNotInRegistrarCounty, $"county {stock.CountyCode} but the range {stock.Range} is of county {first.CountyCode}."));
        if (stock.Count != stock.Range.Count)
            violations.Add(new Violation("$.count", TagCodes.CountMismatch, $"count {stock.Count} but the range {stock.Range} holds {stock.Range.Count} tags."));
        if (violations.Count > 0)
            return MappingResult<NationalStockItem>.Fail(violations);

        var item = new NationalStockItem
        {
            StockId = stock.Id.ToString(CultureInfo.InvariantCulture),
            CountyCode = first.CountyCode,
            RegistrarCode = stock.RegistrarCode,
            SpeciesCode = SpeciesCodes.ToCode(first.Species),
            BoxNo = stock.Box,
            PackNo = stock.Pack,
            StartTag = TagNumber.Format(stock.Range.First),
            EndTag = TagNumber.Format(stock.Range.Last),
            Quantity = stock.Range.Count,
            RegisterTime = ChinaTime.ToText(stock.RegisteredAt),
        };
        return NationalTagSegments.Validated(Contracts.NationalStockItem, item);
    }
}
