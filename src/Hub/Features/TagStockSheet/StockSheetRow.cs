using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Features.TagStockSheet;

/// <summary>One row of the sheet as <see cref="StockSheetWriter"/> writes it: cells as text, the count as a number.</summary>
public sealed record StockSheetRow(string CountyCode, string? Box, string? Pack, string FirstTag, string LastTag, long Count, string RegisteredAt)
{
    /// <summary>A well-formed row for <paramref name="range"/>, its count the range's length.</summary>
    public static StockSheetRow Of(string countyCode, string? box, string? pack, TagRange range, DateTimeOffset registeredAt) =>
        new(countyCode, box, pack, TagNumber.Format(range.First), TagNumber.Format(range.Last), range.Count, ChinaTime.ToText(registeredAt));
}
